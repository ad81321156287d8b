package dev.concurrency.async.sync;

/**
 * A flag that tasks can wait for: {@link #set()} wakes every waiting task, {@link #clear()} lowers it again.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=event}
 *
 * <p><b>Semantics.</b> {@link #await()} returns at once while the flag is set, else suspends until {@code
 * set()}. {@code set()} wakes all current waiters in FIFO order; they resume even if the flag is cleared again
 * before they run (the wake-up is not revoked). An event has nothing to release, so it is not {@link
 * AutoCloseable}.
 *
 * <p><b>Cancellation.</b> A task cancelled while waiting leaves the queue; {@code await()} throws {@link
 * dev.concurrency.async.CancelledError}; other waiters are unaffected.
 *
 * <p><b>Thread-safety.</b> Loop-confined. To set it from another thread, use {@code
 * loop.callSoonThreadsafe(event::set)}.
 *
 * <p><b>Memory consistency.</b> Actions before {@code set()} happen-before the return of an {@code await()}
 * that it ends.
 *
 * <p><b>Python:</b> {@code asyncio.Event}; {@code wait()} is {@link #await()} (a method named {@code wait}
 * would clash with {@link Object#wait()}).
 */
public final class AsyncEvent {

  private final WaiterQueue waiters = new WaiterQueue();
  private boolean value;

  /**
   * A new event whose flag is clear. */
  public AsyncEvent() {}

  /** Whether the flag is set.
   *
   * @return {@code true} while the flag is set
   */
  public boolean isSet() {
    return value;
  }

  /** Sets the flag and wakes every waiting task. Callable from any task or callback of the loop. */
  public void set() {
    if (!value) {
      value = true;
      waiters.wake(Integer.MAX_VALUE, true);
    }
  }

  /** Clears the flag; later {@link #await()} calls suspend until the next {@link #set()}. */
  public void clear() {
    value = false;
  }

  /**
   * Suspends the calling task until the flag is set; returns at once if it is set.
   *
   * <p>Ends in one of these ways: returns {@code true}; throws {@link dev.concurrency.async.CancelledError} if
   * the task is cancelled while waiting.
   *
   * @return {@code true}, as asyncio does
   * @throws IllegalStateException if called outside a task or from another loop than this event's
   */
  public boolean await() {
    if (value) {
      return true;
    }
    waiters.await("await", f -> {});
    return true;
  }

  @Override
  public String toString() {
    return "AsyncEvent[" + (value ? "set" : "unset") + waiters.describeCount() + "]";
  }
}
