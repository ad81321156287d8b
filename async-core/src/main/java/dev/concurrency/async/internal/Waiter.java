package dev.concurrency.async.internal;

/**
 * The idle step of the event loop: how the loop waits when nothing is ready, and how another thread wakes it.
 *
 * <p>This is the seam where I/O plugs in. The default, {@link IoWaiter}, parks the thread that holds the baton
 * until the loop's first stream needs a selector, and from then on implements {@link #await} as {@code
 * Selector.select(timeout)} followed by dispatching the ready keys, and {@link #wakeup()} as {@code
 * Selector.wakeup()}, which has the same "a wakeup before the wait makes the next wait return at once" contract.
 *
 * <p>Contract: {@link #await} is called only by the thread that holds the loop's baton (one at a time, but not
 * always the same thread); {@link #wakeup()} may be called from any thread at any time.
 */
public interface Waiter {

  /**
   * Waits until {@link #wakeup()} is called or the timeout elapses; returns at once if a wakeup happened since
   * the previous return. May return early for no reason.
   *
   * @param timeoutNanos the longest wait, or a negative number to wait without a timeout
   */
  void await(long timeoutNanos);

  /** Makes the current or the next {@link #await} return promptly. Thread-safe. */
  void wakeup();

  /** Polls for I/O without waiting, in a tick that does not wait (asyncio's {@code select(0)}); default: none. */
  default void poll() {}

  /** Releases what the waiter holds (a selector, its channels) when the loop closes; default: nothing. */
  default void close() {}
}
