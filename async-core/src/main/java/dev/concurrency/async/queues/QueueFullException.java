package dev.concurrency.async.queues;

/**
 * Thrown when {@link AsyncQueue#putNowait} finds the queue full.
 *
 * <p><b>Python:</b> {@code asyncio.QueueFull}.
 */
public final class QueueFullException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message what happened, and what to do
   */
  public QueueFullException(String message) {
    super(message);
  }
}
