package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;

/**
 * The future of a task submitted to a {@link ThreadPool} or a {@link PriorityExecutor}: a {@link
 * CompletableFuture} that also runs the task, and that can be cancelled only while the task is still pending.
 *
 * <pre>{@code
 * TaskFuture<Integer> f = pool.submit(() -> 6 * 7);
 * f.thenAccept(System.out::println);      // CompletableFuture composition works as usual
 * int answer = f.get(1, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>A task is <i>pending</i> until a worker claims it, then <i>running</i>, then done. {@link #cancel} succeeds
 * only while it is pending: the task then never runs. Once running, {@code cancel} returns {@code false} and the
 * task finishes normally, as in Python; to stop running tasks use the pool's {@code shutdownNow()}, which
 * interrupts its workers. Completing the future from outside (with {@code complete}) before the task runs has
 * the effect of a cancellation: the task is skipped.
 *
 * <p>This class is thread-safe. Memory consistency effects: as for {@link CompletableFuture}; actions taken by
 * the task <i>happen-before</i> another thread's successful return from {@code get()} or {@code join()}.
 *
 * <p><b>Python:</b> {@code concurrent.futures.Future}. {@code cancelled()} is {@link #isCancelled()}, {@code
 * running()} is {@link #isRunning()}, {@code done()} is {@link #isDone()}, {@code result(timeout)} is {@link
 * #get(long, java.util.concurrent.TimeUnit)}, {@code exception()} is {@link #exceptionNow()} once done, and
 * {@code add_done_callback} is {@link #whenComplete}. Unlike Python's, a dependent stage made by {@code
 * thenApply} and friends is a plain {@code CompletableFuture}: cancelling it does not cancel this task.
 *
 * @param <T> the result type
 */
public final class TaskFuture<T> extends CompletableFuture<T> implements RunnableFuture<T> {

  /** Where the task is; done-ness itself is the {@code CompletableFuture}'s. */
  private enum Phase {
    PENDING,
    RUNNING,
    SKIPPED
  }

  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(TaskFuture.class, "phase", Phase.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Callable<? extends T> callable;

  @SuppressWarnings("unused") // written through PHASE
  private volatile Phase phase = Phase.PENDING;

  /**
   * A pending future for the given task; whoever calls {@link #run()} first runs it.
   *
   * @throws NullPointerException if {@code callable} is null
   */
  public TaskFuture(Callable<? extends T> callable) {
    this.callable = requireNonNull(callable, "callable: pass the task to run");
  }

  /**
   * Runs the task in the calling thread, unless it was cancelled or already claimed, and completes this future
   * with its result or its exception. Any {@code Throwable} the task throws is captured, never rethrown.
   */
  @Override
  public void run() {
    if (!PHASE.compareAndSet(this, Phase.PENDING, Phase.RUNNING)) {
      return;
    }
    if (isDone()) { // completed from outside before it started: skip, as if cancelled
      return;
    }
    try {
      complete(callable.call());
    } catch (Throwable t) {
      completeExceptionally(t);
    }
  }

  /**
   * Cancels the task if it has not started yet.
   *
   * @param mayInterruptIfRunning ignored: a running task is never interrupted through its future
   * @return {@code true} if the task will never run (it was pending, or was already cancelled); {@code false} if
   *     it is running or has finished
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (PHASE.compareAndSet(this, Phase.PENDING, Phase.SKIPPED)) {
      return super.cancel(/* mayInterruptIfRunning= */ false);
    }
    return isCancelled();
  }

  /** Whether a worker is running the task right now ({@code Future.running()} in Python). */
  public boolean isRunning() {
    return PHASE.getVolatile(this) == Phase.RUNNING && !isDone();
  }

  /** Dependent stages are plain {@code CompletableFuture}s: they have no task of their own to run. */
  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
