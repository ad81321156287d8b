package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * A task's member left the cluster (it crashed, was killed, shut down, or stopped answering) before the task's
 * result came back, and the task was not run again: the {@linkplain Delivery#AT_MOST_ONCE at-most-once}
 * outcome. The task may have run, in part or whole, on the member that left. Its {@linkplain #getCause() cause}
 * is Hazelcast's {@code com.hazelcast.core.MemberLeftException}, whose own cause is what Hazelcast reported.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=lost}
 *
 * <p>Instances are immutable once constructed and safe to share between threads.
 *
 * <p><b>Python:</b> Ray's {@code RayActorError} for an actor task (which {@code ray.util.multiprocessing.Pool}
 * runs) whose actor died, and Dask's {@code KilledWorker} (raised there only after
 * {@code allowed-failures} re-runs); {@code concurrent.futures}' {@code BrokenProcessPool} on one machine.
 */
public final class TaskLostException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** The member that left. */
  private final MemberInfo member;

  /** What was lost, such as {@code map 1, chunk 3 (items 6-7)}. */
  private final String task;

  /**
   * Creates one.
   *
   * @param task what was lost, such as {@code "task 7"} or {@code "map 2, chunk 3 (items 30-39)"}
   * @param member the member that left
   * @param cause Hazelcast's {@code MemberLeftException}
   */
  public TaskLostException(String task, MemberInfo member, Throwable cause) {
    super(
        requireNonNull(task, "task")
            + " was lost: member "
            + requireNonNull(member, "member")
            + " left the cluster before its result came back; it was not run again (Delivery.AT_MOST_ONCE). It"
            + " may have run in part or whole. Use Delivery.AT_LEAST_ONCE for tasks that are safe to run twice",
        requireNonNull(cause, "cause"));
    this.member = member;
    this.task = task;
  }

  /**
   * The member that left.
   *
   * @return the member
   */
  public MemberInfo member() {
    return member;
  }

  /**
   * What was lost.
   *
   * @return the task's label, as in {@link TaskRun#task()}
   */
  public String task() {
    return task;
  }
}
