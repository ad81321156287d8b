package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ThreadPool} and {@code PriorityExecutor} share: an {@link ExecutorService} over a delegate whose
 * futures are {@link TaskFuture}s, with Python's {@code shutdown(wait, cancel_futures)}.
 *
 * <p>Package-private in the API package (not in {@code internal}): the public pools extend it, and a public class
 * in a package the module does not export would leave their inherited methods without a visible declaring class.
 *
 * <p>Thread-safe if the delegate is.
 */
abstract class TaskExecutorBase extends AbstractExecutorService {

  /** The executor that owns the threads. */
  protected final ExecutorService delegate;

  /** The name used in thread names and error messages. */
  protected final String name;

  private final @Nullable BlockingQueue<Runnable> queue;

  /**
   * @param delegate the executor that owns the threads
   * @param queue the delegate's work queue, drained by {@code shutdown(wait, true)}; null if it has none
   * @param name the pool's name, for messages
   */
  protected TaskExecutorBase(ExecutorService delegate, @Nullable BlockingQueue<Runnable> queue, String name) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.queue = queue;
    this.name = requireNonNull(name, "name");
  }

  /** Unwraps what the queue holds back to what was submitted; the identity unless a subclass wraps. */
  protected Runnable unwrap(Runnable queued) {
    return queued;
  }

  @Override
  protected final <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
    return new TaskFuture<>(callable);
  }

  @Override
  protected final <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
    return new TaskFuture<>(Executors.callable(runnable, value));
  }

  /**
   * Submits a value-returning task; see {@link ExecutorService#submit(Callable)}.
   *
   * @throws NullPointerException if {@code task} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down, or saturated and its
   *     policy rejects
   */
  @Override
  public <T> TaskFuture<T> submit(Callable<T> task) {
    TaskFuture<T> future = new TaskFuture<>(requireNonNull(task, "task: pass the Callable to run"));
    execute(future);
    return future;
  }

  /** Submits a task with no result; its future completes with {@code null}. See {@link #submit(Callable)}. */
  @Override
  public TaskFuture<?> submit(Runnable task) {
    return submit(Executors.callable(requireNonNull(task, "task: pass the Runnable to run")));
  }

  /** Submits a task whose future completes with {@code result}. See {@link #submit(Callable)}. */
  @Override
  public <T> TaskFuture<T> submit(Runnable task, T result) {
    return submit(Executors.callable(requireNonNull(task, "task: pass the Runnable to run"), result));
  }

  /**
   * Python's {@code shutdown(wait, cancel_futures)}: accepts no new tasks; if {@code cancelFutures}, cancels
   * every task that has not started; if {@code wait}, waits until every running and queued task has finished.
   *
   * @return the tasks that were removed from the queue and will never run (their futures are cancelled)
   * @throws InterruptedException if interrupted while waiting; the executor is shut down all the same
   */
  public final List<Runnable> shutdown(boolean wait, boolean cancelFutures) throws InterruptedException {
    delegate.shutdown();
    List<Runnable> removed = new ArrayList<>();
    if (cancelFutures && queue != null) {
      queue.drainTo(removed);
      cancelAll(removed);
    }
    if (wait) {
      while (!delegate.awaitTermination(1, TimeUnit.DAYS)) {
        // Python's shutdown(wait=True) has no time limit either
      }
    }
    return removed;
  }

  private List<Runnable> cancelAll(List<Runnable> queued) {
    for (int i = 0; i < queued.size(); i++) {
      Runnable task = unwrap(queued.get(i));
      queued.set(i, task);
      if (task instanceof TaskFuture<?> future) {
        future.cancel(/* mayInterruptIfRunning= */ false);
      }
    }
    return queued;
  }

  @Override
  public final void shutdown() {
    delegate.shutdown();
  }

  /** Stops accepting tasks, cancels the queued ones, interrupts the running ones; returns the queued ones. */
  @Override
  public final List<Runnable> shutdownNow() {
    return cancelAll(new ArrayList<>(delegate.shutdownNow()));
  }

  @Override
  public final boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public final boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public final boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, requireNonNull(unit, "unit"));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + (isShutdown() ? ", shut down" : "") + "]";
  }
}
