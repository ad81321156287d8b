package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link ThreadPool}'s initializer in each worker thread before the worker takes a task, and breaks the
 * pool when it fails: the pool is shut down, the tasks waiting in its queue fail with a {@link
 * BrokenThreadPoolException}, and the failure goes to the worker's uncaught-exception handler.
 *
 * <p>A worker whose initializer failed still enters the executor's worker loop, which finds the pool shut down
 * and its queue empty and ends at once: leaving the loop out would leave the executor counting a worker that
 * never ran, and it would never terminate. Thread-safe; the first failure is the pool's reason.
 */
final class WorkerInitializer {

  private final Runnable initializer;
  private final String poolName;
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile @Nullable ThreadPoolExecutor executor;

  WorkerInitializer(Runnable initializer, String poolName) {
    this.initializer = requireNonNull(initializer, "initializer");
    this.poolName = requireNonNull(poolName, "poolName");
  }

  /** A thread factory whose threads initialize, then run the executor's worker loop. */
  ThreadFactory wrap(ThreadFactory threads) {
    return worker ->
        threads.newThread(
            () -> {
              initialize();
              worker.run();
            });
  }

  /** The executor to break; set before its workers start. */
  void attach(ThreadPoolExecutor executor) {
    this.executor = executor;
  }

  /** What the first failing initializer threw; null while the pool is healthy. */
  @Nullable Throwable failure() {
    return failure.get();
  }

  private void initialize() {
    if (failure.get() != null) {
      return; // broken already: this worker has nothing left to do
    }
    try {
      initializer.run();
    } catch (Throwable t) {
      if (failure.compareAndSet(null, t)) {
        breakPool(t);
      }
      Thread self = Thread.currentThread();
      self.getUncaughtExceptionHandler().uncaughtException(self, t);
    }
  }

  private void breakPool(Throwable cause) {
    ThreadPoolExecutor pool = requireNonNull(executor, "attach() was not called");
    pool.shutdown();
    List<Runnable> waiting = new ArrayList<>();
    pool.getQueue().drainTo(waiting);
    for (Runnable task : waiting) {
      if (task instanceof TaskFuture<?> future) {
        future.completeExceptionally(new BrokenThreadPoolException(poolName, cause));
      }
      // a Runnable given to execute() has no future to fail; the failure's report above says why it never ran
    }
  }
}
