package dev.concurrency.cluster;

/**
 * What happens to a task when the member running it leaves the cluster: it fails, or it runs again elsewhere.
 * Chosen per pool with {@link ClusterPool.Builder#delivery}; the default is {@link #AT_MOST_ONCE}, so a task that
 * must not run twice is never run twice behind the caller's back.
 *
 * <p>The constants are immutable and safe to share between threads.
 *
 * <p><b>Python:</b> Ray's {@code max_retries} (0 for at-most-once; Ray's default for tasks is 3, for actor tasks,
 * which {@code ray.util.multiprocessing.Pool} uses, 0) and Dask's {@code distributed.scheduler.allowed-failures}
 * (Dask always re-runs a lost worker's tasks, up to that many times).
 */
public enum Delivery {
  /**
   * Each task runs at most once: it is sent to one member, and if that member leaves before the result comes
   * back the task fails with a {@link TaskLostException} naming the member, whose cause is Hazelcast's
   * {@code MemberLeftException}. The task may have run, in part or whole, before the member left. Runs on
   * Hazelcast's {@code IExecutorService}, always sent to a resolved member (never by partition, which Hazelcast
   * would silently re-send).
   */
  AT_MOST_ONCE,

  /**
   * Each task runs at least once: it is stored in its partition and in that partition's backup before it runs,
   * and if its member leaves the backup's member runs it again. A task may therefore run more than once, also when
   * a member joins and the partition moves while the task runs: use this only for tasks that are safe to repeat.
   * Runs on Hazelcast's {@code DurableExecutorService}; a task cannot be pinned to one member
   * ({@link Placement#onMember} is refused), and cancelling its future does not stop it on the member.
   */
  AT_LEAST_ONCE
}
