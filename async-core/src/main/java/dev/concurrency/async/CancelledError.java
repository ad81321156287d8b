package dev.concurrency.async;

import org.jspecify.annotations.Nullable;

/**
 * Thrown inside a task, at its next {@code await}, when the task has been cancelled; and by {@link
 * AsyncFuture#result()} on a cancelled future.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=cancelledError}
 *
 * <p><b>Why an {@link Error}.</b> Cancellation must unwind the task's code up to the task boundary, running
 * {@code finally} blocks on the way. If it were an {@link Exception}, every ordinary {@code catch (Exception e)}
 * between the {@code await} and the task boundary would swallow it and the task would keep running after it
 * was cancelled. Python made {@code asyncio.CancelledError} a {@code BaseException} (not an {@code Exception})
 * in 3.8 for exactly this reason; in Java the class that ordinary handlers do not catch is {@code Error}. Catch
 * it only to clean up, then rethrow it, or call {@link AsyncTask#uncancel()} if you really mean to suppress the
 * cancellation (as {@link AsyncIO#timeout} does).
 *
 * <p>Instances are created per delivery; they are not shared between threads.
 *
 * <p><b>Python:</b> {@code asyncio.CancelledError}. The optional message is the one passed to {@code
 * cancel(msg)}.
 */
public final class CancelledError extends Error {

  private static final long serialVersionUID = 1L;

  /**
   * A cancellation error with the given message, or none.
   *
   * @param message the message
   */
  public CancelledError(@Nullable String message) {
    super(message);
  }

  /** A cancellation error without a message. */
  public CancelledError() {
    this(null);
  }
}
