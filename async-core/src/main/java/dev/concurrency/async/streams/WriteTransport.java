package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StreamWriter} writes through: a socket ({@link SocketTransport}) or a pipe ({@link
 * PipeWriteTransport}). Loop-confined; package-private.
 *
 * <p><b>Python:</b> {@code asyncio.WriteTransport} together with the protocol's close waiter.
 */
interface WriteTransport {

  /** Queues {@code data}, sending what it can at once; never suspends (asyncio's rules for a lost connection). */
  void write(byte[] data);

  /** Half-closes once the buffer is sent. */
  void writeEof();

  /** Whether {@link #writeEof()} is supported. */
  boolean canWriteEof();

  /** Stops reading, sends what is buffered, then closes; idempotent. */
  void close();

  /** Closes at once, dropping what is buffered. */
  void abort();

  /** Whether {@link #close()} was called or the connection is lost. */
  boolean isClosing();

  /** How many bytes wait to be sent. */
  long writeBufferSize();

  /** The flow control that {@code drain()} waits on. */
  WriteFlow flow();

  /** Completes when the connection is gone: normally after a clean close, with the error after a failure. */
  AsyncFuture<@Nullable Void> closedFuture();

  /** The peer's address, if this is a connected socket that is still open. */
  default @Nullable SocketAddress peerAddress() {
    return null;
  }

  /** This end's address, if this is a socket that is still open. */
  default @Nullable SocketAddress localAddress() {
    return null;
  }
}
