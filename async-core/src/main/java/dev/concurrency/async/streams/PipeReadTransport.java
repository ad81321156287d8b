package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The reading end of a pipe (a subprocess's stdout or stderr, or any blocking {@link InputStream}) feeding a
 * {@link StreamReader} on the loop. Package-private.
 *
 * <p>Design: the JDK gives no selectable channel for a process's pipes, so one daemon platform thread per pipe
 * blocks in {@code read()} and hands each chunk to the loop with {@code callSoonThreadsafe}: no polling, and the
 * loop never blocks. Flow control is a gate the thread passes before each read: {@link #pauseReading()} (the
 * reader holds more than twice its limit) closes it, {@link #resumeReading()} opens it; at most one chunk read
 * before the pause lands after it. At EOF, or on an error, the thread ends and the loop reports the pipe lost.
 *
 * <p>{@link #close()} reports the pipe lost at once (asyncio's order) and drops whatever the thread reads later.
 * The thread itself ends at the pipe's EOF, when it closes the stream: a JDK stream cannot be woken from a
 * blocking read. A subprocess's pipes reach EOF when it exits, and {@link AsyncProcess} kills the processes it
 * leaves behind, so their threads always end.
 *
 * <p>Thread-safety: the gate and {@code closing} flag are shared with the reading thread (under {@code lock});
 * everything else is loop-confined.
 */
final class PipeReadTransport implements ReadTransport {

  private static final int CHUNK = 64 * 1024;

  private final EventLoop loop;
  private final InputStream pipe;
  private final StreamReader reader;
  private final String name;
  private final AsyncFuture<@Nullable Void> closed;
  private final Consumer<@Nullable IOException> onLost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition gateOpen = lock.newCondition();
  // @GuardedBy("lock")
  private boolean gatePaused;
  // @GuardedBy("lock")
  private boolean gateClosed;
  private boolean closing;
  private int pauses;
  private int resumes;

  private PipeReadTransport(EventLoop loop, InputStream pipe, StreamReader reader, String name,
      Consumer<@Nullable IOException> onLost) {
    this.loop = loop;
    this.pipe = pipe;
    this.reader = reader;
    this.name = name;
    this.onLost = onLost;
    this.closed = loop.createFuture();
  }

  /**
   * Starts reading {@code pipe} into {@code reader} on a new thread named {@code name}; {@code onLost} runs on the
   * loop when the pipe is lost (EOF: {@code null}; an error: the error; {@link #close()}: {@code null}).
   */
  static PipeReadTransport start(EventLoop loop, InputStream pipe, StreamReader reader, String name,
      Consumer<@Nullable IOException> onLost) {
    PipeReadTransport t = new PipeReadTransport(loop, pipe, reader, name, onLost);
    reader.attach(t);
    Thread.ofPlatform().name(name).daemon().start(t::readUntilEof);
    return t;
  }

  // ---------------------------------------------------------------- the reading thread

  private void readUntilEof() {
    byte[] buf = new byte[CHUNK];
    try (InputStream in = pipe) {
      while (passGate()) {
        int n = in.read(buf);
        if (n < 0) {
          post(() -> connectionLost(null));
          return;
        }
        byte[] chunk = Arrays.copyOf(buf, n);
        if (!post(() -> dataReceived(chunk))) {
          return;
        }
      }
    } catch (IOException e) {
      post(() -> connectionLost(new IOException("reading " + name + " failed: " + e.getMessage(), e)));
    }
  }

  /** Waits while reading is paused; false once the transport is closed (the thread should end). */
  private boolean passGate() {
    lock.lock();
    try {
      while (gatePaused && !gateClosed) {
        gateOpen.awaitUninterruptibly();
      }
      return !gateClosed;
    } finally {
      lock.unlock();
    }
  }

  private boolean post(Runnable r) {
    return Io.postThreadsafe(loop, r);
  }

  // ---------------------------------------------------------------- the loop

  private void dataReceived(byte[] chunk) {
    if (!closing) {
      reader.feedData(chunk);
    }
  }

  @Override
  public void pauseReading() {
    pauses++;
    if (!isReading()) {
      return;
    }
    setGate(true, false);
  }

  @Override
  public void resumeReading() {
    resumes++;
    if (closing || !isGatePaused()) {
      return;
    }
    setGate(false, false);
  }

  @Override
  public boolean isReading() {
    return !closing && !isGatePaused();
  }

  /** Stops reading and reports the pipe lost in the next tick; idempotent. */
  void close() {
    if (closing) {
      return;
    }
    setGate(false, true);
    closing = true;
    loop.callSoon(() -> connectionLost(null));
  }

  boolean isClosing() {
    return closing;
  }

  /** Completes when the pipe is lost: at EOF, on an error, or after {@link #close()}. */
  AsyncFuture<@Nullable Void> closedFuture() {
    return closed;
  }

  /** How often the reader asked to pause and to resume this pipe (CPython's test_pause_reading mocks count the calls). */
  int pauses() {
    return pauses;
  }

  int resumes() {
    return resumes;
  }

  private void connectionLost(@Nullable IOException error) {
    if (closed.done()) {
      return;
    }
    closing = true;
    setGate(false, true);
    if (error == null) {
      reader.feedEof();
    } else {
      reader.setException(error);
    }
    Io.completeClosed(closed, error);
    onLost.accept(error);
  }

  private boolean isGatePaused() {
    lock.lock();
    try {
      return gatePaused;
    } finally {
      lock.unlock();
    }
  }

  private void setGate(boolean paused, boolean shut) {
    lock.lock();
    try {
      gatePaused = paused;
      gateClosed |= shut;
      gateOpen.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "PipeReadTransport[" + name + (closing ? ", closed" : isGatePaused() ? ", paused" : "") + "]";
  }
}
