package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletionException;

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

  /** Marks a future's exception as retrieved, so that a close waiter nobody awaits is not reported at close. */
  static void markRetrieved(AsyncFuture<?> future) {
    if (future.done() && !future.cancelled()) {
      future.exception();
    }
  }
}
