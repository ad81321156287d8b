package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A deadline for a block of task code: when it passes, the block is cancelled and {@link
 * AsyncTimeoutException} comes out of it instead of the {@link CancelledError}.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=timeout}
 *
 * <p><b>Semantics.</b> {@link #run} records the current task and how many cancellation requests it has
 * ({@link AsyncTask#cancelling()}). At the deadline the task is cancelled; when the body then ends, the
 * timeout withdraws its request with {@link AsyncTask#uncancel()}, and converts the {@link CancelledError}
 * into {@link AsyncTimeoutException} only if no other cancellation is pending: a cancellation from outside
 * still comes out as a cancellation, and of nested timeouts that expire together only the outermost reports a
 * timeout. A body that swallows the cancellation and returns normally returns its value; one that fails with
 * another exception fails with it (an {@link AsyncTimeoutException} is added to it as suppressed). A deadline
 * in the past expires in the next tick.
 *
 * <p><b>Cancellation.</b> A cancellation that reaches the body before the deadline (from another task, or the
 * task's own {@code cancel()}) is delivered at the body's next await, as everywhere, and stays a {@link
 * CancelledError}; the timeout does not expire for it, so {@link #expired()} stays {@code false}.
 *
 * <p>Loop-confined: used by the task that runs it. A timeout runs one body once. Memory consistency: that of
 * every loop-confined object (see the package's <a href="package-summary.html#MemoryVisibility">Memory
 * consistency</a> section).
 *
 * <p><b>Python:</b> {@code asyncio.timeout(delay)} / {@code asyncio.timeout_at(when)} used as {@code async
 * with}; Java's try-with-resources cannot replace the exception leaving the block, so the block is a lambda
 * passed to {@link #run}.
 */
public final class Timeout {

  /** The life of a timeout; the names are asyncio's, as its {@code repr} shows them. */
  private enum State {
    CREATED("created"),
    ENTERED("active"),
    EXPIRING("expiring"),
    EXPIRED("expired"),
    EXITED("finished");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  private final EventLoop loop;
  private @Nullable Long when;
  private State state = State.CREATED;
  private @Nullable AsyncTask<?> task;
  private @Nullable Handle handle;
  private int cancellingAtEntry;

  Timeout(EventLoop loop, @Nullable Long when) {
    this.loop = requireNonNull(loop, "loop");
    this.when = when;
  }

  /**
   * The deadline, in the nanoseconds of the loop's clock ({@link EventLoop#time()}).
   *
   * @return the deadline, or {@code null} if there is none
   */
  public @Nullable Long when() {
    return when;
  }

  /**
   * Whether the deadline passed and the body was cancelled for it; a cancellation from elsewhere does not count.
   *
   * @return {@code true} once the timeout has fired
   */
  public boolean expired() {
    return state == State.EXPIRING || state == State.EXPIRED;
  }

  /**
   * Moves the deadline while the body runs; it may be called from any task or callback of the loop. A deadline
   * that has passed already expires the timeout in the next tick.
   *
   * <p><b>Python:</b> {@code Timeout.reschedule(when)}.
   *
   * @param newWhen the new deadline in the loop's nanoseconds, or {@code null} for none
   * @throws IllegalStateException if the body is not running (not entered yet, or finished), or the timeout is
   *     expiring or expired
   */
  public void reschedule(@Nullable Long newWhen) {
    if (state != State.ENTERED) {
      throw new IllegalStateException(
          state == State.CREATED ? "reschedule(): the timeout has not been entered; call it while run() runs"
              : "reschedule(): cannot change the deadline of a timeout that is " + state.label);
    }
    when = newWhen;
    if (handle != null) {
      handle.cancel();
      handle = null;
    }
    if (newWhen != null) {
      handle = newWhen <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(newWhen, this::onTimeout);
    }
  }

  /**
   * Runs {@code body} under this timeout, in the current task.
   *
   * @param <T> the type of the body's result
   * @param body the code to run
   * @return what the body returned
   * @throws AsyncTimeoutException if the deadline passed and the body ended with the resulting cancellation
   * @throws CancelledError if the task was cancelled from elsewhere
   * @throws IllegalStateException if called outside a task, or a second time
   * @throws RuntimeException what the body threw (checked exceptions wrapped in {@link
   *     java.util.concurrent.CompletionException})
   */
  public <T> T run(Coroutine<T> body) {
    requireNonNull(body, "body");
    if (state != State.CREATED) {
      throw new IllegalStateException("the timeout has already been entered: a timeout runs one body once;"
          + " create a new timeout");
    }
    AsyncTask<?> current = AsyncTask.requireCurrent("Timeout.run", loop);
    task = current;
    state = State.ENTERED;
    cancellingAtEntry = current.cancelling();
    reschedule(when);
    T value;
    try {
      value = body.call();
    } catch (CancelledError c) {
      if (exit()) {
        throw new AsyncTimeoutException("the timeout expired", c);
      }
      throw c;
    } catch (Throwable e) {
      if (exit()) {
        markExpired(e);
      }
      throw AsyncFuture.rethrowable(e);
    }
    exit();
    return value;
  }

  /**
   * Ends the scope; returns whether the deadline passed and no cancellation is pending besides those the task had
   * when the scope began, that is, whether this timeout's cancellation is what the body saw.
   */
  private boolean exit() {
    if (handle != null) {
      handle.cancel();
      handle = null;
    }
    if (state == State.EXPIRING) {
      state = State.EXPIRED;
      return requireNonNull(task).uncancel() <= cancellingAtEntry;
    }
    state = State.EXITED;
    return false;
  }

  /**
   * The body replaced this timeout's cancellation with an error of its own (a cleanup that failed, say): the
   * error goes on as it is, with an {@link AsyncTimeoutException} suppressed in it, and in each member if it is a
   * group, so that its trace says the deadline had passed. Python puts its {@code TimeoutError} in the
   * exceptions' {@code __context__} chains instead.
   */
  private static void markExpired(Throwable error) {
    error.addSuppressed(expiredWhileFailing());
    if (error instanceof ExceptionGroup group) {
      for (Throwable member : group.exceptions()) {
        member.addSuppressed(expiredWhileFailing());
      }
    }
  }

  private static AsyncTimeoutException expiredWhileFailing() {
    return new AsyncTimeoutException("the timeout had expired: this exception was raised while the block was"
        + " being cancelled for it");
  }

  private void onTimeout() {
    if (state != State.ENTERED) {
      return;
    }
    requireNonNull(task).cancel();
    state = State.EXPIRING;
    handle = null;
  }

  /**
   * Runs a {@code body} without a result under this timeout; see {@link #run(Coroutine)}.
   *
   * @param body the code to run
   * @throws AsyncTimeoutException if the deadline passed and the body ended with the resulting cancellation
   */
  public void run(AsyncRunnable body) {
    run(requireNonNull(body, "body").asCoroutine());
  }

  /** {@code Timeout[active when=...]} while the body runs (the deadline in the loop's nanoseconds), else the state. */
  @Override
  public String toString() {
    return "Timeout[" + state.label + (state == State.ENTERED ? " when=" + when : "") + "]";
  }
}
