package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.concurrency.cluster.MemberInfo;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The wrapper every task travels in: on the member it runs the task, and returns an {@link Outcome} that says what
 * came of it, where and when. A task's exception is caught and returned as data, so that no exception class of the
 * user's has to be deserialized by the submitter; its result is serialized here ({@link Wire}), so that a result
 * that cannot be serialized fails on every member alike, the submitter's own included.
 *
 * <p>Hazelcast hands the member's instance to {@link #setHazelcastInstance} when it deserializes the wrapper, which
 * is how the outcome names the member. Errors of the JVM itself ({@link VirtualMachineError} other than a stack
 * overflow) are not caught: the member reports them as Hazelcast does.
 */
public final class RemoteCall implements Callable<Outcome>, Serializable, HazelcastInstanceAware {

  @Serial private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a Serializable task, checked by the constructor
  private final Callable<?> task;
  private transient @Nullable HazelcastInstance hazelcast;

  /**
   * Wraps a task.
   *
   * @param task a serializable task
   * @throws IllegalArgumentException if the task is not {@link Serializable}
   */
  public RemoteCall(Callable<?> task) {
    if (!(requireNonNull(task, "task") instanceof Serializable)) {
      throw new IllegalArgumentException("the task " + task + " is not Serializable");
    }
    this.task = task;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  @Override
  public Outcome call() {
    HazelcastInstance local = hazelcast;
    if (local == null) {
      throw new IllegalStateException("a RemoteCall runs on a cluster member, which sets its Hazelcast instance first");
    }
    MemberInfo member = Members.info(local.getCluster().getLocalMember());
    Instant started = Instant.now();
    Object value;
    try {
      value = task.call();
    } catch (StackOverflowError e) {
      return new Outcome(null, Outcome.Failure.of(e), null, member, started, Instant.now());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // every failure of the task's own becomes data, as a Python worker's does
      return new Outcome(null, Outcome.Failure.of(e), null, member, started, Instant.now());
    }
    Instant finished = Instant.now();
    try {
      return new Outcome(Wire.write(value), null, null, member, started, finished);
    } catch (IOException | RuntimeException e) {
      return new Outcome(null, null, e.toString(), member, started, finished);
    }
  }

  /** The task inside, for messages. */
  @Override
  public String toString() {
    return "RemoteCall[" + task + "]";
  }
}
