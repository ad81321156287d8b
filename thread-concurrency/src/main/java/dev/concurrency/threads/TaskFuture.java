package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task submitted to a {@link ThreadPool}, a {@link PriorityExecutor} or a {@link
 * ScheduledExecutor}: a {@link CompletableFuture} that also runs the task.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=task-future}
 *
 * <p><b>States.</b> A task is <i>pending</i> until a thread claims it with {@link #run()}, then <i>running</i>,
 * then <i>finished</i> (with a result or an exception) or <i>cancelled</i>. Whoever calls {@code run()} first
 * runs it; later calls, and calls after cancellation, do nothing. Completing the future from outside (with
 * {@code complete}) before the task runs has the effect of a cancellation: the task is skipped.
 *
 * <p><b>Cancellation.</b> {@code cancel(false)} is Python's {@code Future.cancel()}: it succeeds only while the
 * task is pending, and the task then never runs; once the task is running it returns {@code false} and the task
 * finishes normally. {@code cancel(true)} is {@link java.util.concurrent.FutureTask}'s: it also succeeds while
 * the task runs, completes the future with a {@link CancellationException} at once, and interrupts the running
 * thread; whatever the task returns afterwards is discarded. The interrupt is delivered before {@code run()}
 * returns, never later into whatever that thread runs next; as with {@code FutureTask}, the thread's interrupt
 * status may still be set when {@code run()} returns. A cancelled future stays cancelled: {@code cancel} on it
 * returns {@code true} again, on a finished one {@code false}.
 *
 * <p>This class is thread-safe. Memory consistency effects: as for {@link CompletableFuture}; actions taken by
 * the task <i>happen-before</i> another thread's successful return from {@code get()} or {@code join()}.
 *
 * <p><b>Python:</b> {@code concurrent.futures.Future}. {@code cancelled()} is {@link #isCancelled()}, {@code
 * running()} is {@link #isRunning()}, {@code done()} is {@link #isDone()}, {@code result(timeout)} is {@link
 * #get(long, TimeUnit)}, {@code exception(timeout)} is {@link #exception(Duration)}, {@code
 * add_done_callback} is {@link #whenComplete}, {@code set_result} is {@link #complete}, and the {@code repr}
 * is {@link #toString()}. Differences: {@code cancel(true)} can stop a running task (Python cannot); {@code
 * complete} on a done future returns {@code false} where {@code set_result} raises {@code InvalidStateError}; a
 * callback that throws completes its own dependent stage exceptionally instead of being logged; and a dependent
 * stage made by {@code thenApply} and friends is a plain {@code CompletableFuture}: cancelling it does not
 * cancel this task.
 *
 * @param <T> the result type
 */
public sealed class TaskFuture<T> extends CompletableFuture<T> implements RunnableFuture<T>
    permits ScheduledTaskFuture {

  /*
   * The phase says who may touch the task; done-ness itself is the CompletableFuture's. A runner publishes
   * itself in `runner` before it moves the phase PENDING -> RUNNING, so a cancel(true) that sees RUNNING also
   * sees the thread to interrupt. cancel(true) moves RUNNING -> INTERRUPTING, completes the future, interrupts,
   * then sets INTERRUPTED; a runner that finds INTERRUPTING when it ends waits for INTERRUPTED, so the interrupt
   * lands inside its run and not in the next task its thread picks up (FutureTask's handshake).
   */

  /** Where the task is. */
  enum Phase {
    /** Not claimed by any thread yet; cancellable. */
    PENDING,
    /** A thread is running the task. */
    RUNNING,
    /** The run ended and will not run again. */
    ENDED,
    /** Cancelled (or completed from outside) before it started; it never runs. */
    SKIPPED,
    /** A {@code cancel(true)} is interrupting the running thread. */
    INTERRUPTING,
    /** A {@code cancel(true)} has interrupted the running thread. */
    INTERRUPTED
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

  private volatile Phase phase = Phase.PENDING;

  private volatile @Nullable Thread runner;

  /**
   * A pending future for the given task; whoever calls {@link #run()} first runs it.
   *
   * @param callable the task
   * @throws NullPointerException if {@code callable} is null
   */
  public TaskFuture(Callable<? extends T> callable) {
    this.callable = requireNonNull(callable, "callable: pass the task to run");
  }

  /**
   * A pending future that runs {@code task} and then completes with {@code result}, as {@code new
   * FutureTask<>(task, result)}.
   *
   * @param task the task
   * @param result what the future completes with after the task ran
   * @throws NullPointerException if {@code task} is null
   */
  public TaskFuture(Runnable task, @Nullable T result) {
    this(Executors.callable(requireNonNull(task, "task: pass the Runnable to run"), result));
  }

  /**
   * Runs the task in the calling thread, unless it was cancelled, completed from outside or already claimed, and
   * completes this future with its result or its exception. Any {@code Throwable} the task throws is captured,
   * never rethrown.
   */
  @Override
  public void run() {
    if (!claim()) {
      return;
    }
    try {
      if (!isDone()) {
        complete(callable.call());
      }
    } catch (Throwable t) {
      completeExceptionally(t);
    } finally {
      release(Phase.ENDED);
    }
  }

  /**
   * Tries to stop the task; see the class comment for the two flavours.
   *
   * @param mayInterruptIfRunning {@code false} for Python's {@code cancel()}: only a pending task is cancelled;
   *     {@code true} for {@code FutureTask}'s: a running task is cancelled too and its thread interrupted
   * @return {@code true} if the future is now cancelled (by this call or an earlier one); {@code false} if the
   *     task has finished, or is running and {@code mayInterruptIfRunning} is {@code false}
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (PHASE.compareAndSet(this, Phase.PENDING, Phase.SKIPPED)) {
      return super.cancel(/* mayInterruptIfRunning= */ false) || isCancelled();
    }
    if (mayInterruptIfRunning && PHASE.compareAndSet(this, Phase.RUNNING, Phase.INTERRUPTING)) {
      try {
        if (super.cancel(/* mayInterruptIfRunning= */ false)) {
          Thread t = runner;
          if (t != null) {
            t.interrupt();
          }
        }
      } finally {
        phase = Phase.INTERRUPTED; // even if interrupt() threw: the runner is waiting for this
      }
      return isCancelled();
    }
    if (!mayInterruptIfRunning && cancelsWhileRunning() && phase == Phase.RUNNING) {
      return super.cancel(/* mayInterruptIfRunning= */ false) || isCancelled();
    }
    return isCancelled();
  }

  /**
   * Whether a thread is running the task right now ({@code Future.running()} in Python).
   *
   * @return whether the task is running
   */
  public boolean isRunning() {
    return phase == Phase.RUNNING && !isDone();
  }

  /**
   * Waits at most {@code timeout} for the task and returns what it threw, or {@code null} if it returned
   * normally: Python's {@code Future.exception(timeout)}.
   *
   * @param timeout how long to wait at most
   * @return the task's exception, or {@code null} if it returned normally
   * @throws CancellationException if the future was cancelled
   * @throws TimeoutException if it is not done within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public @Nullable Throwable exception(Duration timeout) throws InterruptedException, TimeoutException {
    requireNonNull(timeout, "timeout");
    ConcurrentFutures.checkTimeout(timeout);
    try {
      get(Deadline.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /**
   * The state in the words of {@code CompletableFuture} and {@code FutureTask} ({@code Not completed}, {@code
   * Completed normally}, {@code Completed exceptionally}, {@code Cancelled}) and of Python's {@code repr} ({@code
   * state=pending}, {@code running}, {@code finished returned Integer}, {@code finished raised
   * ArithmeticException}, {@code cancelled}); for example {@code TaskFuture@1b6d3586[Completed normally,
   * state=finished returned Integer]}.
   */
  @Override
  public String toString() {
    String state;
    if (!isDone()) {
      state = isRunning() ? "Not completed, state=running" : "Not completed, state=pending";
    } else if (isCancelled()) {
      state = "Completed exceptionally: " + CancellationException.class.getName() + " (Cancelled), state=cancelled";
    } else if (isCompletedExceptionally()) {
      state = "Completed exceptionally: " + exceptionNow() + ", state=finished raised "
          + exceptionNow().getClass().getSimpleName();
    } else {
      T value = resultNow();
      state = "Completed normally, state=finished returned "
          + (value == null ? "null" : value.getClass().getSimpleName());
    }
    return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "[" + state + "]";
  }

  /** Dependent stages are plain {@code CompletableFuture}s: they have no task of their own to run. */
  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  /** The task this future runs; for subclasses that run it more than once. */
  final Callable<? extends T> callable() {
    return callable;
  }

  /**
   * Claims the task for the calling thread: {@code true} if the caller must now run it and then call {@link
   * #release}; {@code false} if it is cancelled or another thread has it.
   */
  final boolean claim() {
    if (phase != Phase.PENDING) {
      return false;
    }
    runner = Thread.currentThread(); // published before the phase moves, for cancel(true) to find
    if (PHASE.compareAndSet(this, Phase.PENDING, Phase.RUNNING)) {
      return true;
    }
    runner = null;
    return false;
  }

  /**
   * Ends a run begun by a successful {@link #claim}: the phase becomes {@code next} ({@link Phase#ENDED}, or
   * {@link Phase#PENDING} for a task that runs again), unless a {@code cancel(true)} took the task over, in
   * which case this waits until its interrupt has been delivered.
   *
   * @return whether the phase became {@code next}
   */
  final boolean release(Phase next) {
    runner = null; // first: once the phase has moved, another thread may claim the task and set its own
    if (PHASE.compareAndSet(this, Phase.RUNNING, next)) {
      return true;
    }
    while (phase == Phase.INTERRUPTING) {
      Thread.yield(); // cancel(true) is between its two writes, a few instructions apart
    }
    return false;
  }

  /**
   * Whether {@code cancel(false)} cancels a running task. A one-shot task says no (Python's rule); a periodic one
   * says yes, since its future stands for all the runs still to come.
   */
  boolean cancelsWhileRunning() {
    return false;
  }
}
