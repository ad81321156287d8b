package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's write flow control, shared by the socket and pipe transports: writing pauses when the transport's
 * buffer grows past the high-water mark and resumes when it falls to the low-water mark; {@link #drainHelper()}
 * suspends while paused. Loop-confined; package-private.
 *
 * <p>This is CPython's {@code FlowControlMixin} (the protocol side: {@code pause_writing}, {@code resume_writing},
 * {@code _drain_helper}, {@code connection_lost}) together with the transport's {@code _maybe_pause_protocol} and
 * {@code _maybe_resume_protocol}. Two of its rules are easy to miss: a connection closed cleanly wakes the tasks
 * waiting in {@code drain()} normally (only a connection lost with an error makes them throw), and every {@code
 * drain()} after the connection is gone throws.
 */
final class WriteFlow {

  /** asyncio's default high-water mark, 64 KiB. */
  static final int HIGH_WATER = 64 * 1024;
  /** asyncio's default low-water mark, a quarter of the high one. */
  static final int LOW_WATER = HIGH_WATER / 4;

  private final EventLoop loop;
  private final Supplier<IOException> lostError;
  private final List<AsyncFuture<@Nullable Void>> waiters = new ArrayList<>();
  private boolean paused;
  private boolean connectionLost;

  /**
   * @param lostError the error a {@code drain()} after the connection is gone throws (CPython: {@code
   *     ConnectionResetError('Connection lost')})
   */
  WriteFlow(EventLoop loop, Supplier<IOException> lostError) {
    this.loop = loop;
    this.lostError = lostError;
  }

  /** After the transport buffered more: pause past the high-water mark. */
  void afterBuffered(long bufferSize) {
    if (!paused && bufferSize > HIGH_WATER) {
      paused = true;
    }
  }

  /** After the transport sent some of its buffer: resume at the low-water mark. */
  void afterSent(long bufferSize) {
    if (paused && bufferSize <= LOW_WATER) {
      paused = false;
      for (AsyncFuture<@Nullable Void> w : waiters) {
        if (!w.done()) {
          w.setResult(null);
        }
      }
    }
  }

  boolean isPaused() {
    return paused;
  }

  /** The connection is gone; {@code error} is null for a clean close (the waiters then return normally). */
  void connectionLost(@Nullable IOException error) {
    connectionLost = true;
    if (!paused) {
      return;
    }
    for (AsyncFuture<@Nullable Void> w : waiters) {
      if (!w.done()) {
        if (error == null) {
          w.setResult(null);
        } else {
          w.setException(error);
        }
      }
    }
  }

  /** Suspends while writing is paused; throws if the connection is gone or is lost while waiting. */
  void drainHelper() throws IOException {
    if (connectionLost) {
      throw lostError.get();
    }
    if (!paused) {
      return;
    }
    AsyncFuture<@Nullable Void> w = loop.createFuture();
    waiters.add(w);
    try {
      Io.await(w);
    } finally {
      waiters.remove(w);
    }
  }
}
