package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableCallable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A task that is a call of a static method with no arguments: a non-capturing lambda or a method reference such
 * as {@code Worker::run}, sent by name instead of serialized.
 *
 * <p>Why: a serialized lambda costs a cold child its largest start-up expense, about 40 ms here. Reading it
 * initializes the serial filter configuration (which scans the class path for a logger service) and the
 * serialization machinery, and resolving it spins the lambda's class. A name costs only loading the method's
 * class, which the task needs anyway. What the child checks is the same as for the serialized form: the capturing
 * class and the method's class must be on the allowlist.
 *
 * <p>The encoded form starts with a {@link #TAG} byte, which no Java serialization stream does (they start with
 * {@code 0xACED}). Instances are immutable and thread-safe.
 *
 * @param capturingClass the class whose code created the lambda, binary name
 * @param implClass the class declaring the method, binary name
 * @param implMethod the method's name
 * @param discardResult whether the task is a {@code Runnable}, so that a value the method returns is dropped
 */
record StaticCall(String capturingClass, String implClass, String implMethod, boolean discardResult)
    implements Callable<@Nullable Object> {

  /** The first byte of an encoded static call. */
  static final byte TAG = 'S';

  StaticCall {
    requireNonNull(capturingClass, "capturingClass");
    requireNonNull(implClass, "implClass");
    requireNonNull(implMethod, "implMethod");
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
    SerializedLambda lambda = serializedForm(target);
    if (lambda == null
        || lambda.getCapturedArgCount() != 0
        || lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic
        || !lambda.getImplMethodSignature().startsWith("()")) {
      return Optional.empty();
    }
    return Optional.of(new StaticCall(
        lambda.getCapturingClass().replace('/', '.'),
        lambda.getImplClass().replace('/', '.'),
        lambda.getImplMethodName(),
        runnable));
  }

  /** The lambda's serialized form, from the {@code writeReplace} method the compiler gives serializable lambdas. */
  private static @Nullable SerializedLambda serializedForm(Object lambda) {
    if (!lambda.getClass().isHidden()) {
      return null; // a class of its own, not a lambda: it is serialized as it says
    }
    try {
      Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return writeReplace.invoke(lambda) instanceof SerializedLambda form ? form : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not accessible (a lambda in a named module that is not open): serialize it instead
    }
  }

  /** This call's bytes: {@link #TAG}, then the names. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(TAG);
      out.writeUTF(capturingClass);
      out.writeUTF(implClass);
      out.writeUTF(implMethod);
      out.writeBoolean(discardResult);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e); // a ByteArrayOutputStream does not
    }
    return bytes.toByteArray();
  }

  /**
   * Reads what {@link #encode} wrote and checks both classes against {@code allowlist}, loading (and so
   * initializing) them as deserializing the lambda would.
   *
   * @throws InvalidClassException if a class is not on the allowlist
   * @throws ClassNotFoundException if a class is not on this process's class path
   * @throws StreamCorruptedException if the bytes are not a static call
   */
  static StaticCall decode(byte[] payload, ClassPatterns allowlist, String allowlistText)
      throws IOException, ClassNotFoundException {
    StaticCall call;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (in.readByte() != TAG) {
        throw new StreamCorruptedException("not a static call: the first byte is not " + TAG);
      }
      call = new StaticCall(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean());
    }
    for (String name : new String[] {call.capturingClass, call.implClass}) {
      Class<?> type = Class.forName(name, false, ClassLoader.getSystemClassLoader());
      if (!allowlist.allows(type)) {
        throw Codec.notAllowed(name, allowlistText, null);
      }
    }
    return call;
  }

  /**
   * Runs the method; an exception it throws is thrown as is.
   *
   * @return what it returned, or {@code null} for a {@code Runnable} task
   */
  @Override
  public @Nullable Object call() throws Exception {
    Method method = Class.forName(implClass, true, ClassLoader.getSystemClassLoader()).getDeclaredMethod(implMethod);
    method.setAccessible(true);
    Object result;
    try {
      result = method.invoke(null);
    } catch (InvocationTargetException e) {
      Throwable thrown = e.getCause();
      if (thrown instanceof Exception exception) {
        throw exception;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      throw e;
    }
    return discardResult ? null : result;
  }
}
