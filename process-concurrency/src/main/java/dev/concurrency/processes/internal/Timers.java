package dev.concurrency.processes.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The module's own timer, for deadlines on a child's channel (a connection that never comes, a socket a descendant
 * keeps open). One daemon thread, started on first use; the tasks it runs are short and never block.
 *
 * <p>Why not {@link java.util.concurrent.CompletableFuture#delayedExecutor}: it runs the task in the common
 * fork-join pool, which a caller's blocking tasks can fill (on two cores it has one thread), and then no deadline
 * of this module would ever fire. Thread-safe.
 */
final class Timers {

  private Timers() {}

  /** Initialized on first use, by the class-initialization lock. */
  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "process-concurrency-timer");
                thread.setDaemon(true);
                return thread;
              });
      timer.setRemoveOnCancelPolicy(true); // a cancelled deadline is dropped at once, not kept until it is due
      return timer;
    }
  }

  /** Runs {@code task} once {@code delay} has passed, on the timer's thread. */
  static ScheduledFuture<?> after(Duration delay, Runnable task) {
    return Holder.TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
