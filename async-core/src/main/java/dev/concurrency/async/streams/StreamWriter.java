package dev.concurrency.async.streams;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncIO;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The writing half of a stream (a socket, or a subprocess's stdin): {@link #write} buffers bytes without
 * suspending, {@link #drain()} suspends while too much is buffered, {@link #close()} sends the rest and closes.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=streamWriter}
 *
 * <p><b>Semantics.</b> {@code write} hands the bytes to the socket at once when it can and buffers the rest.
 * Past the high-water mark (64 KiB buffered) writing is paused: {@code drain()} suspends until the buffer falls
 * to the low-water mark (16 KiB); otherwise it returns at once. Call {@code drain()} after writes in a loop, or a
 * fast writer buffers without bound. {@link #close()} stops reading, sends what is buffered, then closes the
 * socket; {@link #waitClosed()} waits for that. {@link #writeEof()} half-closes: the peer sees EOF and may still
 * send.
 *
 * <p><b>After close, and when the connection is lost</b> (asyncio's rules, exactly). Until the socket is actually
 * closed, a {@code write} still goes into the buffer and is sent. Once it is closed, or lost (reset by the peer,
 * say), writes are silently ignored and every {@code drain()} throws: the error the connection was lost with, or
 * a {@link java.net.SocketException} "Connection lost" after a clean close. So {@code close(); write(x); drain()}
 * throws, one tick after the close. A {@code drain()} already waiting when the connection closes cleanly returns
 * normally. Only {@code write} after {@link #writeEof()} is an error ({@link IllegalStateException}), as in
 * asyncio.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Memory consistency.</b> The bytes of a {@code write} are copied (or sent) before it returns: the caller
 * may reuse its array.
 *
 * <p><b>Python:</b> {@code asyncio.StreamWriter}. Differences: the water marks are fixed; no {@code start_tls}
 * and no {@code get_extra_info} (see {@link #peerAddress()} and {@link #localAddress()}).
 */
public final class StreamWriter {

  private final WriteTransport transport;
  private final @Nullable StreamReader reader;

  StreamWriter(WriteTransport transport, @Nullable StreamReader reader) {
    this.transport = transport;
    this.reader = reader;
  }

  /**
   * Buffers {@code data} for sending; never suspends. Ignored once the connection is closed or lost.
   *
   * @param data the bytes to send
   * @throws IllegalStateException after {@link #writeEof()}
   */
  public void write(byte[] data) {
    transport.write(requireNonNull(data, "data"));
  }

  /**
   * Writes each array in order; see {@link #write(byte[])}.
   *
   * @param data the arrays to send, in order
   */
  public void writeLines(Iterable<byte[]> data) {
    for (byte[] d : requireNonNull(data, "data")) {
      write(d);
    }
  }

  /**
   * Suspends the calling task while writing is paused by flow control.
   *
   * <p>Ends in one of these ways: returns at once if writing is not paused; returns when the buffer falls to the
   * low-water mark, or when the connection closes cleanly while it waits; throws the reader's error if the
   * connection failed; throws a {@link java.net.SocketException} "Connection lost" if the connection is already
   * closed (after yielding one tick when it is closing, so that the close completes first, as asyncio does);
   * throws {@link dev.concurrency.async.CancelledError} if the task is cancelled while it waits.
   *
   * @throws IOException if the connection failed or is closed
   */
  public void drain() throws IOException {
    if (reader != null) {
      IOException e = reader.exception();
      if (e != null) {
        throw e;
      }
    }
    if (transport.isClosing()) {
      AsyncIO.sleep(Duration.ZERO); // let the close (a callback of the next tick) report the connection lost
    }
    transport.flow().drainHelper();
  }

  /** Half-closes the stream once the buffered bytes are sent: the peer reads EOF. */
  public void writeEof() {
    transport.writeEof();
  }

  /**
   * Whether {@link #writeEof()} is supported (for sockets and pipes, always).
   *
   * @return {@code true}
   */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /** Stops reading, sends what is buffered, and closes; the close completes in a later tick. Idempotent. */
  public void close() {
    transport.close();
  }

  /** Closes at once, dropping buffered bytes (the peer may see a reset). */
  public void abort() {
    transport.abort();
  }

  /**
   * Whether {@link #close()} was called or the connection was lost.
   *
   * @return whether the writer is closing or closed
   */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * Suspends the calling task until the stream is closed.
   *
   * @throws IOException the error the connection was lost with, if it failed (as asyncio's {@code wait_closed})
   */
  public void waitClosed() throws IOException {
    Io.await(transport.closedFuture());
  }

  /**
   * How many bytes wait to be sent (asyncio's {@code transport.get_write_buffer_size()}).
   *
   * @return the number of bytes not yet sent
   */
  public long writeBufferSize() {
    return transport.writeBufferSize();
  }

  /**
   * The peer's address for a socket, or {@code null} (a pipe, or once closed); {@code get_extra_info('peername')}.
   *
   * @return the peer's address, or {@code null}
   */
  public @Nullable SocketAddress peerAddress() {
    return transport.peerAddress();
  }

  /**
   * This end's address for a socket, or {@code null}; {@code get_extra_info('sockname')}.
   *
   * @return this end's address, or {@code null}
   */
  public @Nullable SocketAddress localAddress() {
    return transport.localAddress();
  }

  /**
   * The reader of the same connection, or {@code null} for a pipe that is only written.
   *
   * @return the reader, or {@code null}
   */
  public @Nullable StreamReader reader() {
    return reader;
  }

  /** The transport this writer writes through (package-private: tests look at flow control through it). */
  WriteTransport transport() {
    return transport;
  }

  @Override
  public String toString() {
    return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
  }
}
