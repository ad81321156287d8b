package dev.concurrency.threads.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.threads.Saturation;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Carries out a {@link Saturation} policy for a {@link ThreadPoolExecutor}, and rejects tasks submitted after
 * shutdown with a message that says what to do.
 *
 * <p>Thread-safe and stateless apart from the pool's name.
 */
public final class SaturationHandler implements RejectedExecutionHandler {

  /*
   * BLOCK puts the task into the queue from the rejecting thread. If shutdown() ran meanwhile, the workers may
   * already have drained the queue and exited, which would orphan the task; so after the put we look again and,
   * if the pool is shut down and the task is still there to remove, take it back out and reject it. If it is no
   * longer there, a worker took it and it will run: exactly one of the two happens.
   */

  private final Saturation policy;
  private final String poolName;

  /**
   * A handler for the given policy; {@code poolName} goes into rejection messages.
   *
   * @param policy the policy
   * @param poolName the pool's name, for messages
   */
  public SaturationHandler(Saturation policy, String poolName) {
    this.policy = requireNonNull(policy, "policy");
    this.poolName = requireNonNull(poolName, "poolName");
  }

  @Override
  public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
    if (executor.isShutdown()) {
      throw shutDown(poolName);
    }
    switch (policy) {
      case BLOCK -> block(task, executor);
      case CALLER_RUNS -> task.run();
      case REJECT ->
          throw new RejectedExecutionException(
              "pool '" + poolName + "' is saturated: every worker is busy and the queue of "
                  + (executor.getQueue().size() + executor.getQueue().remainingCapacity())
                  + " tasks is full (policy REJECT); retry later, enlarge the queue, or use Saturation.BLOCK");
    }
  }

  private void block(Runnable task, ThreadPoolExecutor executor) {
    BlockingQueue<Runnable> queue = executor.getQueue();
    try {
      queue.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException(
          "interrupted while waiting for room in the queue of pool '" + poolName + "' (policy BLOCK)", e);
    }
    if (executor.isShutdown() && queue.remove(task)) {
      throw shutDown(poolName);
    }
  }

  /**
   * The exception for a task submitted to a pool that is shut down.
   *
   * @param poolName the pool's name
   * @return the exception, to throw
   */
  public static RejectedExecutionException shutDown(String poolName) {
    return new RejectedExecutionException(
        "pool '" + poolName + "' is shut down and accepts no new tasks; submit before shutdown() or create a new pool");
  }
}
