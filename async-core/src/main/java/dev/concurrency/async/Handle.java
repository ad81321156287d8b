package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon callSoon} or {@link
 * EventLoop#callSoonThreadsafe callSoonThreadsafe}, which can be cancelled until it runs.
 *
 * <pre>{@code
 * Handle h = loop.callSoon(() -> System.out.println("never printed"));
 * h.cancel();
 * }</pre>
 *
 * <p>Cancelling a handle that already ran, or was already cancelled, does nothing. A cancelled callback is
 * skipped when the loop reaches it.
 *
 * <p>Handles are confined to their loop: call {@link #cancel()} from the loop (a callback or a task). To cancel
 * from another thread, use {@code loop.callSoonThreadsafe(handle::cancel)}. Memory consistency: actions before
 * scheduling a callback happen-before it runs.
 *
 * <p><b>Python:</b> {@code asyncio.Handle}.
 */
public sealed class Handle permits TimerHandle {

  private final Runnable callback;
  private boolean cancelled;

  Handle(Runnable callback) {
    this.callback = requireNonNull(callback, "callback");
  }

  /** Cancels the callback if it has not run yet. Loop-confined. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel()} was called. Loop-confined. */
  public boolean cancelled() {
    return cancelled;
  }

  final Runnable callback() {
    return callback;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + (cancelled ? "[cancelled " : "[") + callback + "]";
  }
}
