package dev.concurrency.async.queues;

/**
 * Thrown when an operation meets a queue that was {@linkplain AsyncQueue#shutdown(boolean) shut down}.
 *
 * <p><b>Python:</b> {@code asyncio.QueueShutDown}.
 */
public final class QueueShutDownException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message what happened, and what to do
   */
  public QueueShutDownException(String message) {
    super(message);
  }
}
