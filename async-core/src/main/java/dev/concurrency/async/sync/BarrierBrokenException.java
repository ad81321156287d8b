package dev.concurrency.async.sync;

/**
 * Thrown by {@link AsyncBarrier#await()} when the barrier is broken: aborted, or reset while tasks waited.
 *
 * <p><b>Python:</b> {@code asyncio.BrokenBarrierError}. Unchecked, unlike {@link
 * java.util.concurrent.BrokenBarrierException}, so that it crosses {@link dev.concurrency.async.Coroutine}
 * bodies like Python's exception does.
 */
public final class BarrierBrokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message what happened, and what to do
   */
  public BarrierBrokenException(String message) {
    super(message);
  }
}
