package dev.concurrency.async.streams;

/**
 * Thrown when a signal is sent to a subprocess that has already exited and been waited for ({@link
 * AsyncProcess#sendSignal}, {@link AsyncProcess#terminate()}, {@link AsyncProcess#kill()}).
 *
 * <p><b>Python:</b> {@code ProcessLookupError} (an {@code OSError}, ESRCH); here unchecked, as it reports a
 * sequence the caller controls.
 */
public final class ProcessLookupException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message the message
   */
  public ProcessLookupException(String message) {
    super(message);
  }
}
