package dev.concurrency.async;

/**
 * Thrown when a {@link AsyncIO#timeout timeout} scope, {@link AsyncIO#waitFor waitFor} or {@link
 * AsyncIO#asCompleted asCompleted} runs out of time.
 *
 * <p>It is unchecked (unlike {@link java.util.concurrent.TimeoutException}) because it is raised from inside
 * straight-line coroutine code, where Python raises {@code TimeoutError} without declaring it. The cancellation
 * that a timeout used internally is available as the {@linkplain #getCause() cause}.
 *
 * <p><b>Python:</b> {@code TimeoutError} (which {@code asyncio.TimeoutError} aliases since 3.11).
 */
public final class AsyncTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * A timeout with a message saying what ran out of time.
   *
   * @param message the message
   */
  public AsyncTimeoutException(String message) {
    super(message);
  }

  /**
   * A timeout with a message and the cancellation it converts.
   *
   * @param message the message
   * @param cause the cause
   */
  public AsyncTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
