package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon callSoon} or {@link
 * EventLoop#callSoonThreadsafe callSoonThreadsafe}, which can be cancelled until it runs.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=handle}
 *
 * <p>Cancelling a handle that already ran, or was already cancelled, does nothing. A cancelled callback is
 * skipped when the loop reaches it. The callback runs in a copy of the {@link Context} that was current when
 * it was scheduled, or in the context given to {@link EventLoop#callSoon(Runnable, Context)}.
 *
 * <p>Handles are confined to their loop: call {@link #cancel()} from the loop (a callback or a task). To cancel
 * from another thread, use {@code loop.callSoonThreadsafe(handle::cancel)}. Memory consistency: actions before
 * scheduling a callback happen-before it runs.
 *
 * <p><b>Python:</b> {@code asyncio.Handle}.
 */
public sealed class Handle permits TimerHandle {

  static final Map<ContextVar<?>, Object> NO_VARIABLES = ImmutableMap.of();

  private final Runnable callback;
  // What the callback runs in: a Context to run in as it is, or the snapshot (a Map) of the variables to run with
  // in a fresh copy. One field, not two of which one is always unused: a handle is made for every callback, and
  // one field keeps it at 24 bytes.
  private final Object runIn;
  private boolean cancelled;

  Handle(Runnable callback) {
    this(callback, NO_VARIABLES, null);
  }

  Handle(Runnable callback, Map<ContextVar<?>, Object> contextSnapshot, @Nullable Context context) {
    this.callback = requireNonNull(callback, "callback");
    this.runIn = context != null ? context : contextSnapshot;
  }

  /** Cancels the callback if it has not run yet. Loop-confined. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Whether {@link #cancel()} was called. Loop-confined.
   *
   * @return whether {@link #cancel()} was called
   */
  public boolean cancelled() {
    return cancelled;
  }

  final Runnable callback() {
    return callback;
  }

  /**
   * The variables current when the callback was scheduled (the callback runs in a fresh copy of them); {@link
   * #NO_VARIABLES} when a {@link #context()} was given.
   */
  @SuppressWarnings("unchecked") // the constructor stores a Context or this map
  final Map<ContextVar<?>, Object> contextSnapshot() {
    return runIn instanceof Context ? NO_VARIABLES : (Map<ContextVar<?>, Object>) runIn;
  }

  /** The context given explicitly to run the callback in, or {@code null}. */
  final @Nullable Context context() {
    return runIn instanceof Context c ? c : null;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + (cancelled ? "[cancelled " : "[") + callback + "]";
  }
}
