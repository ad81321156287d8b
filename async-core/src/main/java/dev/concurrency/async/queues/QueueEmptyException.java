package dev.concurrency.async.queues;

/**
 * Thrown when {@link AsyncQueue#getNowait()} finds the queue empty.
 *
 * <p><b>Python:</b> {@code asyncio.QueueEmpty}.
 */
public final class QueueEmptyException extends java.util.NoSuchElementException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message what happened, and what to do
   */
  public QueueEmptyException(String message) {
    super(message);
  }
}
