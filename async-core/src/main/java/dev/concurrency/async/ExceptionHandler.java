package dev.concurrency.async;

/**
 * Receives the errors an {@link EventLoop} cannot hand to anyone: exceptions thrown by callbacks, failed tasks
 * whose exception was never retrieved, tasks still pending when the loop closes, and (in debug mode) slow
 * callbacks. The loop keeps running after calling it.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=exceptionHandler}
 *
 * <p>Called on the loop (whichever thread holds the baton), one call at a time. If the handler itself throws,
 * the loop logs both errors and goes on.
 *
 * <p><b>Python:</b> {@code loop.set_exception_handler(handler)}, where the handler is {@code handler(loop,
 * context)}.
 */
@FunctionalInterface
public interface ExceptionHandler {

  /**
   * Handles one error report.
   *
   * @param loop the event loop
   * @param context the context to run it in
   */
  void handle(EventLoop loop, ErrorContext context);
}
