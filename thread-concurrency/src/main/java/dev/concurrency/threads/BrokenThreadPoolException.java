package dev.concurrency.threads;

import java.io.Serial;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link ThreadPool} is broken: a worker's {@linkplain ThreadPool.Builder#initializer initializer} failed, so
 * the pool accepts no more tasks. {@code submit} throws it, which is why it is a {@link
 * RejectedExecutionException}; the tasks that were waiting when the pool broke fail with it, as the cause of
 * their {@link java.util.concurrent.ExecutionException}. Its own cause is what the initializer threw.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <p><b>Python:</b> {@code concurrent.futures.thread.BrokenThreadPool}, a {@code BrokenExecutor}; Python does
 * not chain the initializer's exception (it logs it), here it is the cause.
 */
public final class BrokenThreadPoolException extends RejectedExecutionException {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates one.
   *
   * @param poolName the pool's name, for the message
   * @param cause what the initializer threw
   */
  public BrokenThreadPoolException(String poolName, Throwable cause) {
    super(
        "thread pool '" + poolName + "' is broken: a worker's initializer failed (" + cause
            + "), so the pool accepts no tasks; fix the initializer and build a new pool",
        cause);
  }
}
