package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableCallable;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A task that is a call of a static method with no arguments: a non-capturing lambda or a method reference such
 * as {@code Worker::run}, sent by name ({@link MethodName}) instead of serialized.
 *
 * <p>Why: a serialized lambda costs a cold child its largest start-up expense, about 40 ms here. Reading it
 * initializes the serial filter configuration (which scans the class path for a logger service) and the
 * serialization machinery, and resolving it spins the lambda's class. A name costs only loading the method's
 * class, which the task needs anyway. What the child checks is the same as for the serialized form: the capturing
 * class and the method's class must be on the allowlist.
 *
 * <p>The encoded form is a {@link TaggedPayload} starting with {@link #TAG}. Instances are immutable and
 * thread-safe.
 *
 * @param method the method
 * @param discardResult whether the task is a {@code Runnable}, so that a value the method returns is dropped
 */
record StaticCall(MethodName method, boolean discardResult) implements Callable<@Nullable Object> {

  /** The first byte of an encoded static call. */
  static final byte TAG = 'S';

  StaticCall {
    requireNonNull(method, "method");
  }

  /**
   * The static call {@code task} amounts to, if it is one: a {@link SerializableCallable} or a {@link
   * RunnableTask} whose lambda captures nothing and calls a static method without arguments.
   */
  static Optional<StaticCall> of(Object task) {
    boolean runnable = task instanceof RunnableTask;
    Object target = task instanceof RunnableTask wrapped ? wrapped.runnable() : task;
    if (!(runnable || target instanceof SerializableCallable)) {
      return Optional.empty();
    }
    return MethodName.of(target, 0).map(name -> new StaticCall(name, runnable));
  }

  /** This call's bytes: {@link #TAG}, the method's names, whether the result is dropped. */
  byte[] encode() {
    try (TaggedPayload out = new TaggedPayload(TAG, 128)) {
      method.writeTo(out);
      out.writeBoolean(discardResult);
      return out.toByteArray();
    } catch (IOException e) {
      throw TaggedPayload.memoryWriteFailed(e);
    }
  }

  /**
   * Reads what {@link #encode} wrote, checking both classes against {@code allowlist}.
   *
   * @throws java.io.InvalidClassException if a class is not on the allowlist
   * @throws ClassNotFoundException if a class is not on this process's class path
   * @throws java.io.StreamCorruptedException if the bytes are not a static call
   */
  static StaticCall decode(byte[] payload, ClassPatterns allowlist)
      throws IOException, ClassNotFoundException {
    try (DataInputStream in = TaggedPayload.read(payload, TAG, "a static call")) {
      return new StaticCall(MethodName.readFrom(in, allowlist), in.readBoolean());
    }
  }

  /**
   * Runs the method; an exception it throws is thrown as is.
   *
   * @return what it returned, or {@code null} for a {@code Runnable} task
   */
  @Override
  public @Nullable Object call() throws Exception {
    Object result = MethodName.invoke(method.resolve());
    return discardResult ? null : result;
  }
}
