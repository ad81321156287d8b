package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection on the loop: reads into a {@link StreamReader}, writes from a buffer with flow control,
 * closes cleanly. Loop-confined.
 *
 * <p>Design: every socket operation is non-blocking and runs on the loop. Reading is armed while the reader
 * wants data; each readiness reads what the socket has (up to a fair share) and re-arms. A write goes straight
 * to the socket when nothing is queued; what the socket does not take is queued and OP_WRITE armed. When the
 * queue grows past the high-water mark, writing is "paused" and {@code drain()} suspends until the queue falls
 * to the low-water mark (asyncio's flow control, 64 KiB / 16 KiB by default). {@code close()} stops reading,
 * flushes the queue, then closes the socket; {@code abort()} closes at once.
 */
final class SocketTransport implements IoWaiter.Handler {

  static final int HIGH_WATER = 64 * 1024;
  static final int LOW_WATER = 16 * 1024;
  private static final int READS_PER_TURN = 4;

  private final EventLoop loop;
  private final IoSelector io;
  private final SocketChannel channel;
  private final StreamReader reader;
  private final SelectionKey key;
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private final List<AsyncFuture<@Nullable Void>> drainWaiters = new ArrayList<>();
  private final AsyncFuture<@Nullable Void> closed;
  private final String peer;
  private long buffered;
  private boolean writingPaused;
  private boolean readingPaused;
  private boolean closing;
  private boolean eofRequested;
  private @Nullable IOException lost;

  SocketTransport(EventLoop loop, IoSelector io, SocketChannel channel, StreamReader reader) throws IOException {
    this.loop = loop;
    this.io = io;
    this.channel = channel;
    this.reader = reader;
    this.closed = loop.createFuture();
    this.peer = describePeer(channel);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    reader.attach(this);
    this.key = io.register(channel, SelectionKey.OP_READ, this);
  }

  StreamReader reader() {
    return reader;
  }

  SocketChannel channel() {
    return channel;
  }

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) != 0) {
      doRead();
    }
    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
      doWrite();
    }
  }

  private void doRead() {
    if (readingPaused || !channel.isOpen()) {
      return;
    }
    try {
      for (int i = 0; i < READS_PER_TURN; i++) {
        ByteBuffer buf = io.readBuffer();
        int n = channel.read(buf);
        if (n < 0) {
          reader.feedEof();
          if (closing || eofRequested) {
            closeNow(null);
          }
          return; // no more reading: half-closed, the peer may still read what we write
        }
        if (n == 0) {
          break;
        }
        boolean drained = buf.hasRemaining(); // a short read: the socket is very likely empty now
        buf.flip();
        reader.feedData(buf);
        if (readingPaused) {
          return;
        }
        if (drained) {
          break; // skip the read that would return 0: one system call per readiness, as asyncio does
        }
      }
      io.arm(key, SelectionKey.OP_READ);
    } catch (IOException e) {
      connectionLost(e);
    }
  }

  void pauseReading() {
    readingPaused = true;
    io.disarm(key, SelectionKey.OP_READ);
  }

  void resumeReading() {
    if (readingPaused && !closing) {
      readingPaused = false;
      io.arm(key, SelectionKey.OP_READ);
    }
  }

  void write(byte[] data) {
    if (lost != null) {
      return; // asyncio ignores writes after the connection is lost; drain() reports the error
    }
    if (closing || eofRequested) {
      throw new IllegalStateException("write() after close() or writeEof(); the stream no longer accepts data");
    }
    if (data.length == 0) {
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (pending.isEmpty()) {
      try {
        channel.write(buf);
      } catch (IOException e) {
        connectionLost(e);
        return;
      }
      if (!buf.hasRemaining()) {
        return;
      }
      io.arm(key, SelectionKey.OP_WRITE);
    }
    ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf).flip(); // the caller may reuse its array
    pending.addLast(copy);
    buffered += copy.remaining();
    if (!writingPaused && buffered > HIGH_WATER) {
      writingPaused = true;
    }
  }

  private void doWrite() {
    try {
      while (!pending.isEmpty()) {
        ByteBuffer head = pending.peekFirst();
        int n = channel.write(head);
        buffered -= n;
        if (head.hasRemaining()) {
          io.arm(key, SelectionKey.OP_WRITE);
          break;
        }
        pending.pollFirst();
      }
    } catch (IOException e) {
      connectionLost(e);
      return;
    }
    if (writingPaused && buffered <= LOW_WATER) {
      writingPaused = false;
      wakeDrainers();
    }
    if (pending.isEmpty()) {
      if (closing) {
        closeNow(null);
      } else if (eofRequested) {
        shutdownOutput();
      }
    }
  }

  /** Suspends while writing is paused; throws if the connection was lost. */
  void drain() throws IOException {
    if (lost != null) {
      throw lost;
    }
    if (!writingPaused) {
      return;
    }
    AsyncFuture<@Nullable Void> w = loop.createFuture();
    drainWaiters.add(w);
    try {
      w.await();
    } finally {
      drainWaiters.remove(w);
    }
    if (lost != null) {
      throw lost;
    }
  }

  boolean canWriteEof() {
    return true;
  }

  void writeEof() {
    if (closing || eofRequested) {
      return;
    }
    eofRequested = true;
    if (pending.isEmpty()) {
      shutdownOutput();
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      connectionLost(e);
    }
  }

  boolean isClosing() {
    return closing;
  }

  /** Stops reading, flushes what is queued, then closes. */
  void close() {
    if (closing) {
      return;
    }
    closing = true;
    readingPaused = true;
    io.disarm(key, SelectionKey.OP_READ);
    if (pending.isEmpty()) {
      closeNow(null);
    }
  }

  /** Closes at once, dropping what is queued; a later {@code drain()} throws, later writes are ignored. */
  void abort() {
    if (lost == null) {
      lost = new SocketException("the connection to " + peer + " was aborted");
    }
    closeNow(null);
  }

  AsyncFuture<@Nullable Void> closedFuture() {
    return closed;
  }

  private void connectionLost(IOException error) {
    IOException e = error;
    if (error instanceof SocketException && String.valueOf(error.getMessage()).contains("reset")) {
      e = new SocketException("connection reset by peer " + peer + ": " + error.getMessage());
      e.initCause(error);
    }
    lost = e;
    closeNow(e);
  }

  private void closeNow(@Nullable IOException error) {
    if (closed.done()) {
      return;
    }
    closing = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a socket we are done with: nothing left to report
    }
    pending.clear();
    buffered = 0;
    if (error != null) {
      reader.setException(error);
    } else {
      reader.feedEof();
    }
    wakeDrainers();
    closed.setResult(null);
  }

  private void wakeDrainers() {
    for (AsyncFuture<@Nullable Void> w : drainWaiters) {
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }


  String peer() {
    return peer;
  }

  private static String describePeer(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(unknown peer)";
    }
  }
}
