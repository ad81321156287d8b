package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ThreadPool}, {@code PriorityExecutor} and {@code ScheduledExecutor} share: an {@link
 * ExecutorService} over a delegate whose futures are {@link TaskFuture}s, with Python's {@code shutdown(wait,
 * cancel_futures)}.
 *
 * <p>{@code invokeAll} and {@code invokeAny} are written on {@code TaskFuture}s rather than inherited from
 * {@link AbstractExecutorService}: every task is checked for null before any is submitted, a timed {@code
 * invokeAll} returns only done futures (what still runs at the deadline is cancelled and interrupted), and
 * {@code invokeAny} cancels the rest, interrupting those that run, once it has its answer.
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
   * An executor service over {@code delegate}.
   *
   * @param delegate the executor that owns the threads
   * @param queue the delegate's work queue, drained by {@code shutdown(wait, true)}; null if it has none
   * @param name the pool's name, for messages
   */
  protected TaskExecutorBase(ExecutorService delegate, @Nullable BlockingQueue<Runnable> queue, String name) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.queue = queue;
    this.name = requireNonNull(name, "name");
  }

  /**
   * Unwraps what the queue holds back to what was submitted; the identity unless a subclass wraps.
   *
   * @param queued an element of the queue
   * @return the task that was submitted
   */
  protected Runnable unwrap(Runnable queued) {
    return queued;
  }

  @Override
  protected final <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
    return newFuture(callable);
  }

  @Override
  protected final <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
    return newFuture(Executors.callable(runnable, value));
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
    TaskFuture<T> future = newFuture(requireNonNull(task, "task: pass the Callable to run"));
    execute(future);
    return future;
  }

  /**
   * The future that runs {@code task} once {@link #execute} is given it; a plain {@link TaskFuture} here.
   *
   * @param task the task
   * @param <T> the result type
   * @return a pending future
   */
  protected <T> TaskFuture<T> newFuture(Callable<T> task) {
    return new TaskFuture<>(task);
  }

  /**
   * Runs every task and waits until all are done. Every element is checked before anything runs.
   *
   * @return the futures, done, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks} or an element is null
   * @throws InterruptedException if interrupted while waiting; every task not yet done is then cancelled and
   *     its thread interrupted
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be accepted; those already
   *     submitted are cancelled
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<TaskFuture<T>> futures = submitAll(tasks);
    try {
      for (TaskFuture<T> future : futures) {
        awaitDone(future);
      }
    } catch (InterruptedException e) {
      cancelRunning(futures);
      throw e;
    }
    return List.copyOf(futures);
  }

  /**
   * Runs every task and waits until all are done or the timeout elapses, whichever comes first; then cancels
   * every task not done, interrupting those that run. So every returned future is done: with a result, an
   * exception, or cancelled.
   *
   * @return the futures, done, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks}, an element or {@code unit} is null
   * @throws InterruptedException if interrupted while waiting; every task not yet done is then cancelled
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be accepted; those already
   *     submitted are cancelled
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    Deadline deadline = Deadline.after(requireNonNull(unit, "unit").toNanos(timeout));
    List<TaskFuture<T>> futures = submitAll(tasks);
    try {
      for (TaskFuture<T> future : futures) {
        if (!awaitDone(future, deadline)) {
          break;
        }
      }
    } finally {
      cancelRunning(futures); // a no-op on the done ones
    }
    return List.copyOf(futures);
  }

  /**
   * Runs every task and returns the result of one that succeeded, once one has; the others are then cancelled,
   * running ones interrupted.
   *
   * @throws NullPointerException if {@code tasks} or an element is null
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws ExecutionException if every task failed: the last failure's; a cancelled task counts as failed
   * @throws InterruptedException if interrupted while waiting; every task is then cancelled
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return firstSuccess(tasks, null);
    } catch (TimeoutException impossible) {
      throw new AssertionError("no deadline was given", impossible);
    }
  }

  /**
   * {@link #invokeAny(Collection)} with a deadline.
   *
   * @throws TimeoutException if no task has succeeded within the timeout; every task is then cancelled
   * @throws NullPointerException if {@code unit} is null, or as {@link #invokeAny(Collection)}
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return firstSuccess(tasks, Deadline.after(requireNonNull(unit, "unit").toNanos(timeout)));
  }

  private <T> T firstSuccess(Collection<? extends Callable<T>> tasks, @Nullable Deadline deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNonNull(tasks, "tasks");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task, got none");
    }
    List<TaskFuture<T>> futures = submitAll(tasks);
    BlockingQueue<TaskFuture<T>> completed = new LinkedBlockingQueue<>();
    for (TaskFuture<T> future : futures) {
      future.whenComplete((value, failure) -> completed.add(future));
    }
    try {
      ExecutionException last = null;
      for (int left = futures.size(); left > 0; left--) {
        TaskFuture<T> next =
            deadline == null ? completed.take() : completed.poll(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw new TimeoutException("none of " + futures.size() + " tasks succeeded within the timeout");
        }
        try {
          return next.get();
        } catch (ExecutionException e) {
          last = e;
        } catch (CancellationException e) {
          last = new ExecutionException("a task was cancelled", e);
        }
      }
      throw requireNonNull(last);
    } finally {
      cancelRunning(futures);
    }
  }

  /** Checks every element, then submits them in order; on a rejection cancels those already submitted. */
  private <T> List<TaskFuture<T>> submitAll(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> checked = new ArrayList<>(requireNonNull(tasks, "tasks"));
    for (int i = 0; i < checked.size(); i++) {
      requireNonNull(checked.get(i), "tasks[" + i + "] is null: pass only non-null tasks");
    }
    List<TaskFuture<T>> futures = new ArrayList<>(checked.size());
    try {
      for (Callable<T> task : checked) {
        futures.add(submit(task));
      }
    } catch (RuntimeException e) {
      cancelRunning(futures);
      throw e;
    }
    return futures;
  }

  private static void awaitDone(Future<?> future) throws InterruptedException {
    try {
      future.get();
    } catch (ExecutionException | CancellationException doneAnyway) {
      // the future is done; its outcome is the caller's to read
    }
  }

  private static boolean awaitDone(Future<?> future, Deadline deadline) throws InterruptedException {
    try {
      future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CancellationException doneAnyway) {
      // the future is done; its outcome is the caller's to read
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  private static void cancelRunning(List<? extends Future<?>> futures) {
    for (Future<?> future : futures) {
      future.cancel(/* mayInterruptIfRunning= */ true);
    }
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
   * @param wait whether to wait until every task has finished
   * @param cancelFutures whether to cancel the tasks that have not started
   * @return the tasks that were removed from the queue and will never run (their futures are cancelled)
   * @throws InterruptedException if interrupted while waiting; the executor is shut down all the same
   */
  public final List<Runnable> shutdown(boolean wait, boolean cancelFutures) throws InterruptedException {
    shutdown();
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

  /**
   * Accepts no new tasks; those already submitted still run. Does not wait: see {@link #awaitTermination} and
   * {@link #shutdown(boolean, boolean)}.
   */
  @Override
  public final void shutdown() {
    delegate.shutdown();
    onShutdown();
  }

  /** Called after the delegate is shut down, by every shutdown method; for subclasses' own policies. */
  protected void onShutdown() {}

  /** Stops accepting tasks, cancels the queued ones, interrupts the running ones; returns the queued ones. */
  @Override
  public final List<Runnable> shutdownNow() {
    List<Runnable> queued = new ArrayList<>(delegate.shutdownNow());
    onShutdown();
    return cancelAll(queued);
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
