package dev.concurrency.async.sync;

/**
 * A semaphore that cannot be released past its initial value: an extra {@link #release()} is a bug in the
 * caller, and it fails at once instead of silently raising the limit.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=boundedSemaphore}
 *
 * <p>Semantics, cancellation and fairness as {@link AsyncSemaphore}.
 *
 * <p><b>Thread-safety.</b> Loop-confined, as {@link AsyncSemaphore}.
 *
 * <p><b>Memory consistency.</b> As {@link AsyncSemaphore}.
 *
 * <p><b>Python:</b> {@code asyncio.BoundedSemaphore}. Difference: the over-release error is an {@link
 * IllegalStateException} (Python: {@code ValueError}).
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

  private final int bound;

  /**
   * A bounded semaphore with {@code permits} permits, which is also its upper bound.
   *
   * @param permits the initial number of free permits, and the most there may be
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncBoundedSemaphore(int permits) {
    super(permits);
    this.bound = permits;
  }

  /**
   * The initial value, which {@link #value()} may never exceed.
   *
   * @return the bound
   */
  public int bound() {
    return bound;
  }

  /**
   * Gives a permit back.
   *
   * @throws IllegalStateException if every permit is already free (released more times than acquired)
   */
  @Override
  public void release() {
    if (value() >= bound) {
      throw new IllegalStateException(
          "BoundedSemaphore released too many times: all " + bound + " permits are already free;"
              + " release only what you acquired");
    }
    super.release();
  }
}
