package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link ExceptionHandler} is told about an error the loop could not give to anyone: a callback that
 * threw, a task whose exception nobody retrieved, a slow callback in debug mode.
 *
 * <p><b>Python:</b> the {@code context} dict of {@code loop.call_exception_handler}: keys {@code message},
 * {@code exception}, {@code future}/{@code task}, {@code handle}.
 *
 * @param message what happened, for people ({@code "Exception in callback"})
 * @param exception the exception, or {@code null} for a report that has none (a slow callback)
 * @param future the future or task concerned, or {@code null}
 * @param handle the callback's handle, or {@code null}
 */
public record ErrorContext(
    String message, @Nullable Throwable exception, @Nullable AsyncFuture<?> future, @Nullable Handle handle) {

  /** Checks the message. */
  public ErrorContext {
    requireNonNull(message, "message");
  }

  /**
   * A context with a message and an exception only.
   *
   * @param message the message
   * @param exception what went wrong, or {@code null}
   * @return a context with a message and an exception only
   */
  public static ErrorContext of(String message, @Nullable Throwable exception) {
    return new ErrorContext(message, exception, null, null);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(message);
    if (future != null) {
      s.append("\nfuture: ").append(future);
    }
    if (handle != null) {
      s.append("\nhandle: ").append(handle);
    }
    if (exception != null) {
      s.append("\nexception: ").append(exception);
    }
    return s.toString();
  }
}
