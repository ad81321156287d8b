package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One stream socket (TCP or Unix domain) on the loop: reads into a {@link StreamReader}, writes from a buffer with
 * flow control, closes cleanly. Loop-confined; package-private.
 *
 * <p>Design: CPython's {@code _SelectorSocketTransport}, step for step. Every socket operation is non-blocking and
 * runs on the loop. Reading is armed while the reader wants data; each readiness reads what the socket has (up to
 * a fair share) and re-arms. A write goes straight to the socket when nothing is buffered; the rest is buffered
 * and OP_WRITE armed, and {@link WriteFlow} pauses the writer past the high-water mark.
 *
 * <p>Closing follows asyncio's order, because code can observe it: {@link #close()} stops reading and, once the
 * buffer is sent, closes the socket and reports the connection lost <em>in the next tick</em> (a {@code
 * callSoon}); {@link #abort()} drops the buffer and does the same at once. Until then a {@code write()} still goes
 * into the buffer; afterwards writes are ignored and {@code drain()} throws. A peer's EOF only half-closes:
 * the reader sees EOF, writing goes on, and the socket stays open until closed here.
 */
final class SocketTransport implements ReadTransport, WriteTransport, IoWaiter.Handler {

  private static final System.Logger LOG = System.getLogger(SocketTransport.class.getName());
  private static final int READS_PER_TURN = 4;
  /** After this many writes to a lost connection, one warning is logged (CPython: every write from then on). */
  private static final int LOST_WRITES_WARNING = 5;

  private final EventLoop loop;
  private final IoSelector io;
  private final SocketChannel channel;
  private final StreamReader reader;
  private final SelectionKey key;
  private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
  private final WriteFlow flow;
  private final AsyncFuture<@Nullable Void> closed;
  private final @Nullable StreamServer server;
  private final String peer;
  private long bufferSize;
  private boolean readingPaused;
  private boolean closing;
  private boolean eof;
  private int connLost;

  /** Wraps a connected channel; a server's connections name the server, which counts them until they close. */
  SocketTransport(EventLoop loop, IoSelector io, SocketChannel channel, StreamReader reader,
      @Nullable StreamServer server) throws IOException {
    this.loop = loop;
    this.io = io;
    this.channel = channel;
    this.reader = reader;
    this.server = server;
    this.closed = loop.createFuture();
    this.peer = describePeer(channel);
    this.flow = new WriteFlow(loop, () -> new SocketException("Connection lost: the connection to " + peer
        + " is closed; write() is ignored and drain() fails from now on"));
    if (channel.getRemoteAddress() instanceof InetSocketAddress) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // asyncio sets it on every TCP transport
    }
    this.key = io.register(channel, SelectionKey.OP_READ, this);
    reader.attach(this);
    if (server != null) {
      server.attach(this);
    }
  }

  StreamReader reader() {
    return reader;
  }

  SocketChannel channel() {
    return channel;
  }

  String peer() {
    return peer;
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

  // ---------------------------------------------------------------- reading

  private void doRead() {
    if (!isReading() || connLost > 0) {
      return;
    }
    try {
      for (int i = 0; i < READS_PER_TURN; i++) {
        ByteBuffer buf = io.readBuffer();
        int n = channel.read(buf);
        if (n < 0) {
          reader.feedEof(); // half-closed: the socket stays open, writing goes on (asyncio's eof_received -> True)
          return;
        }
        if (n == 0) {
          break;
        }
        boolean drained = buf.hasRemaining(); // a short read: the socket is very likely empty now
        buf.flip();
        reader.feedData(buf);
        if (!isReading()) {
          return;
        }
        if (drained) {
          break; // skip the read that would return 0: one system call per readiness, as asyncio does
        }
      }
      io.arm(key, SelectionKey.OP_READ);
    } catch (IOException e) {
      fatalError(e);
    }
  }

  @Override
  public void pauseReading() {
    if (!isReading()) {
      return;
    }
    readingPaused = true;
    io.disarm(key, SelectionKey.OP_READ);
  }

  @Override
  public void resumeReading() {
    if (closing || !readingPaused) {
      return;
    }
    readingPaused = false;
    io.arm(key, SelectionKey.OP_READ);
  }

  @Override
  public boolean isReading() {
    return !readingPaused && !closing;
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(byte[] data) {
    if (eof) {
      throw new IllegalStateException("write() after writeEof(): the sending half is already closed");
    }
    if (data.length == 0) {
      return;
    }
    if (connLost > 0) {
      if (++connLost == LOST_WRITES_WARNING) {
        LOG.log(System.Logger.Level.WARNING, "writes to the closed connection to " + peer + " are being ignored");
      }
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (buffer.isEmpty()) {
      try {
        channel.write(buf);
      } catch (IOException e) {
        fatalError(e);
        return;
      }
      if (!buf.hasRemaining()) {
        return;
      }
      io.arm(key, SelectionKey.OP_WRITE);
    }
    ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf).flip(); // the caller may reuse its array
    buffer.addLast(copy);
    bufferSize += copy.remaining();
    flow.afterBuffered(bufferSize);
  }

  private void doWrite() {
    if (connLost > 0) {
      return;
    }
    try {
      while (!buffer.isEmpty()) {
        ByteBuffer head = buffer.peekFirst();
        bufferSize -= channel.write(head);
        if (head.hasRemaining()) {
          io.arm(key, SelectionKey.OP_WRITE);
          break;
        }
        buffer.pollFirst();
      }
    } catch (IOException e) {
      fatalError(e);
      return;
    }
    flow.afterSent(bufferSize);
    if (buffer.isEmpty()) {
      if (closing) {
        callConnectionLost(null);
      } else if (eof) {
        shutdownOutput();
      }
    }
  }

  @Override
  public void writeEof() {
    if (closing || eof) {
      return;
    }
    eof = true;
    if (buffer.isEmpty()) {
      shutdownOutput();
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      fatalError(e);
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public long writeBufferSize() {
    return bufferSize;
  }

  @Override
  public WriteFlow flow() {
    return flow;
  }

  // ---------------------------------------------------------------- closing

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    io.disarm(key, SelectionKey.OP_READ);
    if (buffer.isEmpty()) {
      connLost++;
      io.disarm(key, SelectionKey.OP_WRITE);
      loop.callSoon(() -> callConnectionLost(null));
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  @Override
  public AsyncFuture<@Nullable Void> closedFuture() {
    return closed;
  }

  private void fatalError(IOException error) {
    IOException e = error;
    if (error instanceof SocketException && String.valueOf(error.getMessage()).contains("reset")) {
      e = new SocketException("connection reset by peer " + peer + ": " + error.getMessage());
      e.initCause(error);
    }
    forceClose(e); // an I/O error is the connection's fate, not a bug: asyncio does not report it either
  }

  /** Loses the connection with {@code error}, as a failed socket call would (for tests, as CPython's call {@code
   * connection_lost} on the protocol). */
  void forceCloseForTest(IOException error) {
    forceClose(error);
  }

  private void forceClose(@Nullable IOException error) {
    if (connLost > 0) {
      return;
    }
    buffer.clear();
    bufferSize = 0;
    io.disarm(key, SelectionKey.OP_WRITE);
    if (!closing) {
      closing = true;
      io.disarm(key, SelectionKey.OP_READ);
    }
    connLost++;
    loop.callSoon(() -> callConnectionLost(error));
  }

  /** The connection is gone: tell the reader, the close waiters and the drainers, close the socket, leave the server. */
  private void callConnectionLost(@Nullable IOException error) {
    if (closed.done()) {
      return;
    }
    connLost = Math.max(connLost, 1);
    closing = true;
    try {
      if (error == null) {
        reader.feedEof();
      } else {
        reader.setException(error);
      }
      Io.completeClosed(closed, error);
      flow.connectionLost(error);
    } finally {
      key.cancel();
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a socket we are done with: nothing left to report
      }
      if (server != null) {
        server.detach(this);
      }
    }
  }

  @Override
  public @Nullable SocketAddress peerAddress() {
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public @Nullable SocketAddress localAddress() {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "SocketTransport[" + peer + (closing ? ", closing" : "") + ", buffered=" + bufferSize + "]";
  }

  private static String describePeer(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(unknown peer)";
    }
  }
}
