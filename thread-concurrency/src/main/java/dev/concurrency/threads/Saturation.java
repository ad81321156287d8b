package dev.concurrency.threads;

/**
 * What a {@link ThreadPool} with a bounded queue does when a task is submitted while every worker is busy and
 * the queue is full: its back-pressure policy.
 *
 * <p>Whatever the policy, a task submitted after shutdown is rejected with a {@link
 * java.util.concurrent.RejectedExecutionException} that says so; no task is ever dropped silently.
 *
 * <p>Immutable and thread-safe, as every enum is.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ThreadPoolExecutor} has an unbounded queue and so no such policy;
 * {@link #BLOCK} is what {@code asyncio.Queue(maxsize)}'s {@code put} does.
 */
public enum Saturation {
  /**
   * The submitting thread waits until the queue has room: producers slow down to the pool's pace. If the
   * submitting thread is interrupted while it waits, the task is rejected with a {@link
   * java.util.concurrent.RejectedExecutionException} and the thread's interrupt status is set again.
   */
  BLOCK,
  /**
   * The submitting thread runs the task itself, which also slows it down; the task may then run before tasks
   * queued earlier (JDK {@code ThreadPoolExecutor.CallerRunsPolicy}, except that after shutdown it rejects).
   */
  CALLER_RUNS,
  /**
   * The task is rejected at once with a {@link java.util.concurrent.RejectedExecutionException}; the caller
   * decides (retry later, shed load). JDK {@code ThreadPoolExecutor.AbortPolicy}.
   */
  REJECT
}
