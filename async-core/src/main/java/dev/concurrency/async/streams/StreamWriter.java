package dev.concurrency.async.streams;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The writing half of a connection: {@link #write} queues bytes without suspending, {@link #drain()} suspends
 * while too much is queued, {@link #close()} flushes and closes.
 *
 * <pre>{@code
 * writer.write(reply);
 * writer.drain();          // flow control: waits only if the peer reads slower than we write
 * writer.close();
 * writer.waitClosed();
 * }</pre>
 *
 * <p><b>Semantics.</b> {@code write} hands the bytes to the socket at once when it can and queues the rest.
 * Past the high-water mark (64 KiB queued) writing is paused: {@code drain()} suspends until the queue falls to
 * the low-water mark (16 KiB); otherwise it returns at once. Call {@code drain()} after writes in a loop, or a
 * fast writer buffers without bound. {@link #close()} stops reading, sends what is queued, then closes the
 * socket; {@link #waitClosed()} waits for that. {@link #writeEof()} half-closes: the peer sees EOF and may still
 * send.
 *
 * <p><b>Errors.</b> If the connection is lost (reset by the peer, say), the next {@code drain()} throws the
 * {@link IOException}; writes after that are ignored (as asyncio does). Writing after {@code close()} throws
 * {@link IllegalStateException}.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Memory consistency.</b> The bytes of a {@code write} are copied (or sent) before it returns: the caller
 * may reuse its array.
 *
 * <p><b>Python:</b> {@code asyncio.StreamWriter}. Differences: {@code write} after {@code close} is an error,
 * not silently ignored; the water marks are fixed.
 */
public final class StreamWriter {

  private final SocketTransport transport;

  StreamWriter(SocketTransport transport) {
    this.transport = transport;
  }

  /**
   * Queues {@code data} for sending; never suspends.
   *
   * @throws IllegalStateException after {@link #close()} or {@link #writeEof()}
   */
  public void write(byte[] data) {
    transport.write(requireNonNull(data, "data"));
  }

  /**
   * Suspends the calling task while writing is paused by flow control.
   *
   * @throws IOException if the connection was lost
   * @throws dev.concurrency.async.CancelledError if the task is cancelled while it waits
   */
  public void drain() throws IOException {
    transport.drain();
  }

  /** Half-closes the connection once the queued bytes are sent: the peer reads EOF. */
  public void writeEof() {
    transport.writeEof();
  }

  /** Whether {@link #writeEof()} is supported (always, for TCP). */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /** Stops reading, sends what is queued, and closes the socket. Idempotent. */
  public void close() {
    transport.close();
  }

  /** Closes at once, dropping queued bytes (the peer may see a reset). */
  public void abort() {
    transport.abort();
  }

  /** Whether {@link #close()} was called or the connection was lost. */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /** Suspends the calling task until the socket is closed. */
  public void waitClosed() {
    transport.closedFuture().await();
  }

  /** The peer's address, or {@code null} once closed. */
  public @Nullable SocketAddress peerAddress() {
    try {
      return transport.channel().getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** The reader of the same connection. */
  public StreamReader reader() {
    return transport.reader();
  }

  @Override
  public String toString() {
    return "StreamWriter[" + transport.peer() + (isClosing() ? ", closing" : "") + "]";
  }
}
