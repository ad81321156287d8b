package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StreamCorruptedException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Whole messages over a connected socket: each is a 4-byte big-endian length and that many bytes. The socket is
 * in non-blocking mode, and every wait is a selector's, so that a wait can have a deadline and an interrupt
 * ends it without closing the socket (a blocking channel closes itself on interrupt).
 *
 * <p>An interrupt before a message has started to arrive (or to leave) throws {@link InterruptedIOException}
 * and leaves the channel usable; an interrupt in the middle of one closes the channel and throws
 * {@link ClosedByInterruptException}, since the other half of the message could never be told apart from the
 * next.
 *
 * <p>Thread-safe: sends are serialized with each other, and so are receives; a send and a receive may run at
 * once.
 */
public final class MessageChannel implements AutoCloseable {

  /** The size of the receive buffer; longer messages are read straight into their array. */
  private static final int BUFFER_BYTES = 64 * 1024;

  private final SocketChannel channel;

  private final ReentrantLock readLock = new ReentrantLock();

  private final Object writeLock = new Object();

  /** Received bytes not yet handed out, between position and limit. */
  @GuardedBy("readLock")
  private final ByteBuffer input = ByteBuffer.allocate(BUFFER_BYTES).flip();

  @GuardedBy("readLock")
  private boolean endOfStream;

  /** Made on the first wait for input; volatile so that {@link #close} can wake a waiter without its lock. */
  private volatile @Nullable Selector readSelector;

  /** Made on the first wait for room to write; volatile for the same reason. */
  private volatile @Nullable Selector writeSelector;

  /**
   * Wraps a connected socket, switching it to non-blocking mode.
   *
   * @throws IOException if the mode cannot be set
   */
  public MessageChannel(SocketChannel channel) throws IOException {
    this.channel = requireNonNull(channel, "channel");
    channel.configureBlocking(false);
  }

  /** The socket, for registering with a selector that waits on several channels; do not read or write it. */
  public SocketChannel socket() {
    return channel;
  }

  /** Whether the channel is still open here. */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Sends one message: a length, then {@code length} bytes of {@code message} from its position.
   *
   * @throws IOException if the peer is gone ("Broken pipe"), or the channel is closed
   * @throws InterruptedIOException if interrupted before any byte left; the channel stays usable
   * @throws ClosedByInterruptException if interrupted after some bytes left; the channel is closed
   */
  public void send(ByteBuffer message) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).putInt(0, message.remaining());
    ByteBuffer[] parts = {header, message};
    synchronized (writeLock) {
      boolean started = false;
      while (header.hasRemaining() || message.hasRemaining()) {
        long written = channel.write(parts);
        started |= written > 0;
        if (written == 0) {
          awaitWritable(started);
        }
      }
    }
  }

  /**
   * Sends bytes that are already messages (each with its length), as {@link PipeEnd} holds them while it waits
   * for the other end.
   *
   * @throws IOException as {@link #send}
   */
  public void sendRaw(ByteBuffer messages) throws IOException {
    synchronized (writeLock) {
      boolean started = false;
      while (messages.hasRemaining()) {
        int written = channel.write(messages);
        started |= written > 0;
        if (written == 0) {
          awaitWritable(started);
        }
      }
    }
  }

  @GuardedBy("writeLock")
  private void awaitWritable(boolean started) throws IOException {
    Selector selector = writeSelector;
    if (selector == null) {
      selector = Selector.open();
      writeSelector = selector;
      register(selector, SelectionKey.OP_WRITE);
    }
    try {
      selector.select();
      selector.selectedKeys().clear();
    } catch (ClosedSelectorException e) {
      throw new ClosedChannelException(); // closed by another thread meanwhile
    }
    checkInterrupt(started, "sending");
  }

  /**
   * Whether a receive would find something at once: buffered bytes, bytes waiting in the socket, or the end of
   * the stream. Reads what the socket has without waiting.
   */
  public boolean readyToReceive() throws IOException {
    if (!readLock.tryLock()) {
      return false; // another thread is receiving: what is there is its
    }
    try {
      return input.hasRemaining() || endOfStream || fill() != 0;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Waits until {@link #readyToReceive()}, or until {@code deadline} ({@link System#nanoTime()}).
   *
   * @return whether it is ready
   * @throws InterruptedIOException if interrupted while waiting; nothing was consumed
   */
  public boolean awaitReceivable(long deadline) throws IOException {
    readLock.lock();
    try {
      while (!(input.hasRemaining() || endOfStream || fill() != 0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        selectForRead(left);
        checkInterrupt(/* started= */ false, "waiting for a message");
      }
      return true;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Receives the next message.
   *
   * @param maxLength the longest message accepted; a longer one closes the channel (its bytes cannot be skipped
   *     without reading them) and throws
   * @param limitName the setting that {@code maxLength} comes from, for the message
   * @return the message, or null if the stream ended cleanly before it (the peer closed)
   * @throws EOFException if the stream ended inside a message
   * @throws StreamCorruptedException if the length is negative
   * @throws MessageTooLongException if the length is above {@code maxLength}; the channel is closed
   * @throws InterruptedIOException if interrupted before the message started to arrive
   * @throws ClosedByInterruptException if interrupted in the middle of it; the channel is closed
   */
  public byte @Nullable [] receive(int maxLength, String limitName) throws IOException {
    readLock.lock();
    try {
      ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
      if (!readInto(header, /* cleanEndAllowed= */ true)) {
        return null;
      }
      int length = header.getInt(0);
      if (length < 0) {
        close();
        throw new StreamCorruptedException("message length " + length + " is negative: the stream is corrupt");
      }
      if (length > maxLength) {
        close();
        throw new MessageTooLongException(length, maxLength, limitName);
      }
      byte[] message = new byte[length];
      readInto(ByteBuffer.wrap(message), /* cleanEndAllowed= */ false);
      return message;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Fills {@code target} with the next bytes of the stream.
   *
   * @return false if the stream ended before the first byte and {@code cleanEndAllowed}
   */
  @GuardedBy("readLock")
  private boolean readInto(ByteBuffer target, boolean cleanEndAllowed) throws IOException {
    boolean started = !cleanEndAllowed;
    while (target.hasRemaining()) {
      if (input.hasRemaining()) {
        int n = Math.min(input.remaining(), target.remaining());
        target.put(target.position(), input, input.position(), n);
        target.position(target.position() + n);
        input.position(input.position() + n);
        started = true;
        continue;
      }
      if (endOfStream) {
        if (!started) {
          return false;
        }
        throw new EOFException("the peer closed the connection in the middle of a message");
      }
      if (target.remaining() >= BUFFER_BYTES) {
        int read = read(target); // a long message goes straight into its array
        if (read > 0) {
          started = true;
          continue;
        }
        if (read < 0) {
          endOfStream = true;
          continue;
        }
      } else if (fill() != 0) {
        continue;
      }
      selectForRead(Long.MAX_VALUE);
      checkInterrupt(started, "receiving");
    }
    return true;
  }

  /** Reads what the socket has into the buffer without waiting: bytes read, or -1 at the end of the stream. */
  @GuardedBy("readLock")
  private int fill() throws IOException {
    if (endOfStream) {
      return -1;
    }
    input.compact();
    int read;
    try {
      read = read(input);
    } finally {
      input.flip();
    }
    return read;
  }

  /**
   * Reads from the socket; -1 at the end of the stream, which is also what a reset is: Linux resets the
   * connection of a peer that closed its socket with bytes it had not read, after the bytes it had sent.
   */
  @GuardedBy("readLock")
  private int read(ByteBuffer target) throws IOException {
    int read;
    try {
      read = channel.read(target);
    } catch (SocketException e) {
      if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset")) {
        throw e;
      }
      read = -1;
    }
    if (read < 0) {
      endOfStream = true;
    }
    return read;
  }

  @GuardedBy("readLock")
  private void selectForRead(long nanos) throws IOException {
    Selector selector = readSelector;
    if (selector == null) {
      selector = Selector.open();
      readSelector = selector;
      register(selector, SelectionKey.OP_READ);
    }
    try {
      if (nanos == Long.MAX_VALUE) {
        selector.select();
      } else {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
      }
      selector.selectedKeys().clear();
    } catch (ClosedSelectorException e) {
      throw new ClosedChannelException(); // closed by another thread meanwhile
    }
  }

  /**
   * Registers the channel with a new selector, which the caller has already stored in its field: a concurrent
   * {@link #close} then either sees the selector (and closes it, which wakes the waiter) or closed the channel
   * first (and this registration fails). A channel closed under a selector does not wake it by itself.
   */
  private void register(Selector selector, int operation) throws IOException {
    try {
      channel.register(selector, operation);
    } catch (ClosedSelectorException e) {
      throw new ClosedChannelException();
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
  }

  private void checkInterrupt(boolean started, String what) throws IOException {
    if (!Thread.interrupted()) {
      if (!channel.isOpen()) {
        throw new ClosedChannelException();
      }
      return;
    }
    Thread.currentThread().interrupt(); // the caller may want to see it; the exception says it too
    if (started) {
      close();
      throw new ClosedByInterruptException();
    }
    throw new InterruptedIOException("interrupted while " + what);
  }

  /**
   * Closes the channel and its selectors; a thread waiting in one wakes and fails with a
   * {@link ClosedChannelException}. Idempotent.
   */
  @Override
  public void close() throws IOException {
    channel.close();
    closeSelector(readSelector); // read without the locks: a waiter holds them, and this must wake it
    closeSelector(writeSelector);
  }

  private static void closeSelector(@Nullable Selector selector) throws IOException {
    if (selector != null) {
      selector.close();
    }
  }

  /** A message arrived that is longer than the receiver accepts. */
  public static final class MessageTooLongException extends IOException {
    @java.io.Serial private static final long serialVersionUID = 1L;

    MessageTooLongException(int length, int maxLength, String limitName) {
      super("bad message length: a message of " + length + " bytes arrived, more than the " + maxLength + " bytes of "
          + limitName + "; the connection is closed");
    }
  }
}
