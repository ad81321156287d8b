package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** Small helpers the stream classes share. Package-private. */
final class Io {

  private Io() {}

  /**
   * Awaits {@code future} and rethrows an {@link IOException} it failed with as it is: {@code AsyncFuture.await()}
   * wraps checked exceptions in {@link CompletionException}, but stream methods declare {@code IOException}.
   */
  static <T> T await(AsyncFuture<T> future) throws IOException {
    try {
      return future.await();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  /** The loop of the calling task; {@code what} names the method for the error. */
  static EventLoop requireTaskLoop(String what) {
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(what + "() must be called from a task of a running event loop");
    }
    return task.getLoop();
  }

  /**
   * Completes a transport's close waiter: normally after a clean close, with {@code error} after a failure. A
   * failure is marked retrieved at once, as asyncio does ({@code _log_traceback = False}): {@code waitClosed()}
   * need not be called, so a failure nobody awaits is not reported as lost when the loop closes.
   */
  static void completeClosed(AsyncFuture<@Nullable Void> closed, @Nullable IOException error) {
    if (error == null) {
      closed.setResult(null);
    } else {
      closed.setException(error);
      closed.exception();
    }
  }

  /**
   * Hands {@code callback} to {@code loop} from another thread (a pipe's thread); false if the loop is closed, in
   * which case nobody is left to receive it and the calling thread should end.
   */
  static boolean postThreadsafe(EventLoop loop, Runnable callback) {
    try {
      loop.callSoonThreadsafe(callback);
      return true;
    } catch (IllegalStateException loopClosed) {
      return false;
    }
  }
}
