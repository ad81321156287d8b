package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A result that will be available later, bound to one {@link EventLoop}: tasks {@link #await()} it, callbacks
 * are told when it is done.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=future}
 *
 * <p><b>Semantics.</b> A future is pending, then exactly once either finished (with a result or an exception)
 * or cancelled. Done-callbacks never run inline: when the future completes (or when a callback is added to a
 * done future), each callback is scheduled with {@link EventLoop#callSoon}, in registration order. A task
 * awaiting the future is resumed the same way, in a later tick. An exception that nobody retrieves (by {@link
 * #result()}, {@link #exception()} or {@code await}) is reported to the loop's exception handler when the loop
 * closes.
 *
 * <p><b>Thread-safety.</b> Loop-confined: call its methods from the loop's callbacks and tasks. From other
 * threads, use {@code loop.callSoonThreadsafe(() -> future.setResult(x))}, or convert with {@link
 * #toCompletableFuture()}. In {@linkplain EventLoop#isDebug() debug mode}, mutating methods called from a
 * foreign thread throw {@link IllegalStateException}.
 *
 * <p><b>Memory consistency.</b> Actions before {@code setResult}/{@code setException}/{@code cancel}
 * happen-before the done-callbacks run and before an {@code await} of the future returns.
 *
 * <p><b>Python:</b> {@code asyncio.Future}. Differences: {@code InvalidStateError} is {@link
 * IllegalStateException}; a checked exception set on the future is rethrown by {@link #result()} wrapped in
 * {@link CompletionException} (unchecked ones as they are).
 *
 * @param <T> the type of the result
 */
public class AsyncFuture<T> implements Awaitable<T> {

  private enum State {
    PENDING,
    CANCELLED,
    FINISHED
  }

  final EventLoop loop;
  private State state = State.PENDING;
  private @Nullable Object result;
  private @Nullable Throwable exception;
  private @Nullable String cancelMessage;
  /** The error a task ended with when it was cancelled: raised as it is once, then as the cause of new ones. */
  private @Nullable CancelledError cancelOrigin;
  private boolean cancelOriginRaised;
  /** Null, one callback (a Consumer or an awaiting task), or an ArrayList of them. */
  private @Nullable Object callbacks;
  private boolean logTraceback;
  /** Futures recorded as awaiting this one besides its direct awaiters (see {@link AwaitGraph}); loop-confined. */
  private @Nullable Object awaitedBy;

  AsyncFuture(EventLoop loop) {
    this.loop = requireNonNull(loop, "loop");
  }

  /**
   * The loop this future is bound to.
   *
   * @return the loop this future is bound to
   */
  public final EventLoop getLoop() {
    return loop;
  }

  /**
   * Whether the future is finished or cancelled.
   *
   * @return whether the future is finished or cancelled
   */
  public final boolean done() {
    return state != State.PENDING;
  }

  /**
   * Whether the future was cancelled.
   *
   * @return whether the future was cancelled
   */
  public final boolean cancelled() {
    return state == State.CANCELLED;
  }

  /**
   * The result.
   *
   * @return the result
   * @throws CancelledError if the future was cancelled
   * @throws IllegalStateException if it is not done yet
   * @throws RuntimeException the future's exception, as it is if unchecked, in a {@link CompletionException}
   *     if checked
   */
  @SuppressWarnings("unchecked")
  public final T result() {
    if (state == State.CANCELLED) {
      throw cancelledError();
    }
    if (state == State.PENDING) {
      throw new IllegalStateException("the result is not ready: the future is still pending");
    }
    markRetrieved();
    if (exception != null) {
      throw rethrowable(exception);
    }
    return (T) result;
  }

  /**
   * The exception, or {@code null} if the future finished with a result.
   *
   * @return the exception, or {@code null} if the future finished with a result
   * @throws CancelledError if the future was cancelled
   * @throws IllegalStateException if it is not done yet
   */
  public final @Nullable Throwable exception() {
    if (state == State.CANCELLED) {
      throw cancelledError();
    }
    if (state == State.PENDING) {
      throw new IllegalStateException("the exception is not set: the future is still pending");
    }
    markRetrieved();
    return exception;
  }

  /**
   * Completes the future with a result and schedules its callbacks.
   *
   * @param value the result
   * @throws IllegalStateException if it is already done
   */
  public void setResult(@Nullable T value) {
    loop.checkConfinedInDebug("setResult");
    checkPending("setResult");
    result = value;
    state = State.FINISHED;
    scheduleCallbacks();
  }

  /**
   * Completes the future with an exception and schedules its callbacks.
   *
   * @param error the exception
   * @throws IllegalStateException if it is already done
   * @throws IllegalArgumentException if {@code error} is a {@link CancelledError}: use {@link #cancel()}
   */
  public void setException(Throwable error) {
    requireNonNull(error, "error");
    loop.checkConfinedInDebug("setException");
    if (error instanceof CancelledError) {
      throw new IllegalArgumentException("a CancelledError cannot be set as an exception; call cancel() instead");
    }
    checkPending("setException");
    exception = error;
    state = State.FINISHED;
    logTraceback = true;
    loop.unretrieved(this, true);
    scheduleCallbacks();
  }

  /**
   * Cancels the future without a message; see {@link #cancel(String)}.
   *
   * @return {@code false} if the future was already done, {@code true} otherwise
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * Cancels the future and schedules its callbacks, unless it is already done.
   *
   * @param message the message of the {@link CancelledError} that awaiting code will see, or {@code null}
   * @return {@code false} if the future was already done, {@code true} otherwise
   */
  public boolean cancel(@Nullable String message) {
    loop.checkConfinedInDebug("cancel");
    markRetrieved();
    return cancelInternal(message);
  }

  /**
   * Adds a callback run with this future once it is done; if it is done already, the callback is scheduled
   * now. Either way it runs in a later tick, never inline.
   *
   * @param callback the code to run
   */
  public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    requireNonNull(callback, "callback");
    loop.checkConfinedInDebug("addDoneCallback");
    Map<ContextVar<?>, Object> variables = loop.schedulingSnapshot();
    addCallback(variables.isEmpty() ? callback : new InContext(callback, variables, null));
  }

  /**
   * Adds a callback like {@link #addDoneCallback(Consumer)}, to run in {@code context} rather than in a copy of
   * the context current now.
   *
   * <p><b>Python:</b> {@code add_done_callback(fn, context=context)}.
   *
   * @param callback the code to run
   * @param context the context to run it in
   */
  public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback, Context context) {
    requireNonNull(callback, "callback");
    requireNonNull(context, "context");
    loop.checkConfinedInDebug("addDoneCallback");
    addCallback(new InContext(callback, Handle.NO_VARIABLES, context));
  }

  /**
   * Removes every registration of {@code callback} that has not been scheduled yet.
   *
   * @param callback the code to run
   * @return how many were removed
   */
  public final int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    Object cbs = callbacks;
    if (isRegistrationOf(cbs, callback)) {
      callbacks = null;
      return 1;
    }
    if (cbs instanceof CallbackList list) {
      int before = list.size();
      list.removeIf(c -> isRegistrationOf(c, callback));
      return before - list.size();
    }
    return 0;
  }

  private static boolean isRegistrationOf(@Nullable Object registered, Object callback) {
    return registered == callback || (registered instanceof InContext in && in.callback() == callback);
  }

  /**
   * Suspends the current task until this future is done, then returns its result. Returns at once, without
   * yielding, if it is done already.
   *
   * <p>Ends in one of these ways: the result is returned; the future's exception is thrown (unchecked as it is,
   * checked in a {@link CompletionException}); {@link CancelledError} is thrown if the future was cancelled or
   * the awaiting task was cancelled while it waited (the future is then cancelled too). An interrupt of the task's
   * thread does not end the wait: it returns with the interrupt status set (see {@link AsyncTask}).
   *
   * <p><b>Python:</b> {@code await future}.
   *
   * @throws IllegalStateException if called outside a task of this future's loop, or by a task on itself
   */
  @Override
  public final T await() {
    AsyncTask<?> me = AsyncTask.requireCurrent("await", loop);
    if (!done()) {
      if (this == me) {
        throw new IllegalStateException("a task cannot await itself");
      }
      if (loop.isDebug()) {
        AwaitGraph.refuseCycle(me, this);
      }
      addCallback(me);
      me.suspendOn(this);
    }
    return result();
  }

  /**
   * A {@link CompletableFuture} completed (on the loop) when this future completes: with its result, its
   * exception, or a {@link java.util.concurrent.CancellationException}. Completing or cancelling the returned
   * future does not affect this one. Dependent stages of the returned future run on the loop unless you use
   * the {@code *Async} methods; keep them short.
   *
   * @return a {@link CompletableFuture} completed (on the loop) when this future completes: with its result, its
   *     exception, or a {@link java.util.concurrent.CancellationException}
   */
  public final CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> cf = new CompletableFuture<>();
    addDoneCallback(
        f -> {
          if (f.cancelled()) {
            cf.cancel(/* mayInterruptIfRunning= */ false);
          } else if (f.exception != null) {
            f.markRetrieved();
            cf.completeExceptionally(f.exception);
          } else {
            cf.complete(f.result());
          }
        });
    return cf;
  }

  @Override
  public String toString() {
    return describe("AsyncFuture");
  }

  final String describe(String kind) {
    return switch (state) {
      case PENDING -> kind + "[pending]";
      case CANCELLED -> kind + "[cancelled]";
      case FINISHED -> exception != null ? kind + "[finished exception=" + exception + "]"
          : kind + "[finished result=" + result + "]";
    };
  }

  // ---------------------------------------------------------------- package-private

  /**
   * The error to raise for this cancelled future. For a task that ended because a {@link CancelledError} left
   * its body, the first call returns that very error, so whoever awaits the task sees where it was cancelled
   * (CPython's {@code _make_cancelled_error} hands out {@code _cancelled_exc} once); later calls return a new
   * error whose cause is that one. Otherwise a new error with the cancellation message.
   */
  final CancelledError cancelledError() {
    CancelledError origin = cancelOrigin;
    if (origin != null && !cancelOriginRaised) {
      cancelOriginRaised = true;
      return origin;
    }
    CancelledError error = new CancelledError(cancelMessage);
    if (origin != null) {
      error.initCause(origin);
    }
    return error;
  }

  /** Cancels this future as the end of a task whose body let {@code origin} escape. */
  final void cancelFrom(CancelledError origin) {
    if (cancelInternal(origin.getMessage())) {
      cancelOrigin = origin;
    }
  }

  /** The cancellation message, if cancelled with one. */
  final @Nullable String cancelMessage() {
    return cancelMessage;
  }

  final @Nullable Throwable peekException() {
    return exception;
  }

  /** The call graph's own edges into this future: null, one future, or a list (see {@link AwaitGraph}). */
  final @Nullable Object awaitedByEdges() {
    return awaitedBy;
  }

  final void awaitedByEdges(@Nullable Object edges) {
    awaitedBy = edges;
  }

  /** The tasks suspended in {@link #await()} on this future, in the order they started waiting. */
  final void forEachAwaitingTask(Consumer<AsyncTask<?>> action) {
    Object cbs = callbacks;
    if (cbs instanceof CallbackList list) {
      for (Object cb : list) {
        if (cb instanceof AsyncTask<?> task) {
          action.accept(task);
        }
      }
    } else if (cbs instanceof AsyncTask<?> task) {
      action.accept(task);
    }
  }

  final void markRetrieved() {
    if (logTraceback) {
      logTraceback = false;
      loop.unretrieved(this, false);
    }
  }

  final void checkPending(String what) {
    if (state != State.PENDING) {
      throw new IllegalStateException(what + "() on a future that is already done: " + this);
    }
  }

  /** Completes this future as {@code source} did (result, exception or cancellation). */
  final void completeLike(AsyncFuture<? extends T> source) {
    if (source.cancelled()) {
      cancelInternal(source.cancelMessage());
    } else if (source.exception != null) {
      source.markRetrieved();
      finishExceptionally(source.exception);
    } else {
      finish(source.result());
    }
  }

  /** Completion used by tasks, which forbid the public setters. */
  final void finish(@Nullable T value) {
    result = value;
    state = State.FINISHED;
    scheduleCallbacks();
  }

  final void finishExceptionally(Throwable error) {
    exception = error;
    state = State.FINISHED;
    logTraceback = true;
    loop.unretrieved(this, true);
    scheduleCallbacks();
  }

  final boolean cancelInternal(@Nullable String message) {
    if (state != State.PENDING) {
      return false;
    }
    state = State.CANCELLED;
    cancelMessage = message;
    scheduleCallbacks();
    return true;
  }

  private void addCallback(Object callback) {
    if (state != State.PENDING) {
      schedule(callback);
      return;
    }
    Object cbs = callbacks;
    if (cbs == null) {
      callbacks = callback;
    } else if (cbs instanceof CallbackList list) {
      list.add(callback);
    } else {
      CallbackList list = new CallbackList();
      list.add(cbs);
      list.add(callback);
      callbacks = list;
    }
  }

  private void scheduleCallbacks() {
    Object cbs = callbacks;
    callbacks = null;
    if (cbs instanceof CallbackList list) {
      for (Object cb : list) {
        schedule(cb);
      }
    } else if (cbs != null) {
      schedule(cbs);
    }
  }

  @SuppressWarnings("unchecked")
  private void schedule(Object callback) {
    if (callback instanceof AsyncTask<?> task) {
      loop.readyAppend(task);
    } else if (callback instanceof InContext in) {
      Consumer<? super AsyncFuture<T>> c = (Consumer<? super AsyncFuture<T>>) in.callback();
      loop.readyAppend(new Handle(new DoneCallback<>(c, this), in.variables(), in.context()));
    } else {
      Consumer<? super AsyncFuture<T>> c = (Consumer<? super AsyncFuture<T>>) callback;
      loop.readyAppend(new Handle(new DoneCallback<>(c, this)));
    }
  }

  /** The exception to throw for {@code error}: unchecked ones as they are, checked ones wrapped. */
  static RuntimeException rethrowable(Throwable error) {
    if (error instanceof RuntimeException r) {
      return r;
    }
    if (error instanceof Error e) {
      throw e;
    }
    return new CompletionException(error);
  }

  /** Strips the wrappers {@link CompletableFuture} adds around a failure. */
  static Throwable unwrapCompletion(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** A list type of its own, so that a user's list-typed callback is never mistaken for the callback list. */
  private static final class CallbackList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    CallbackList() {
      super(4);
    }
  }

  /** A done-callback with the context it runs in (only when there is one: most callbacks need no wrapper). */
  private record InContext(Object callback, Map<ContextVar<?>, Object> variables, @Nullable Context context) {}

  private record DoneCallback<F>(Consumer<? super F> callback, F future) implements Runnable {
    @Override
    public void run() {
      callback.accept(future);
    }

    @Override
    public String toString() {
      return callback.toString();
    }
  }
}
