package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.MessageChannel;
import dev.concurrency.processes.internal.PipeEnd;
import dev.concurrency.processes.internal.PipeRendezvous;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One end of a two-way (or one-way) channel between processes: it sends objects or raw byte messages to the
 * other end and receives what the other end sends, whole messages in order.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=connection}
 *
 * <p><b>Semantics.</b> {@link #send} serializes an object; {@link #recv} waits for the next message and
 * deserializes it through an allowlist filter (see {@link Pipe.Builder#allow}); {@link #sendBytes} and
 * {@link #recvBytes} move byte arrays as they are. Once the other end is closed (or its process died) and every
 * message sent before was received, {@code recv} throws {@link EOFException}; {@code send} then fails with an
 * {@link IOException} ("broken pipe"). {@link #poll(Duration)} tells whether a receive would find something
 * without waiting, and waits at most its timeout, whether or not the other end has ever been used.
 * {@link #waitAny} waits on several connections and process {@linkplain Sentinel sentinels} at once.
 *
 * <p><b>Ends and processes.</b> A pipe's end is a Unix domain socket once a process uses it; until then it is a
 * serializable handle. Hand an end to another process by sending it there (capture it in a task, or send it over
 * another connection) <em>before</em> using it here; an end in use here refuses to be serialized, and a second
 * process that tries to use an end already in use elsewhere gets an error. The first end used listens in the
 * pipe's private directory and the second connects to it (see {@link Pipe}); a message sent before the other end
 * connects waits in memory (up to 1 MiB) and is delivered when it does. Closing an end that was sent elsewhere
 * and never used here only lets go of this process's copy, as closing a duplicated file descriptor does in
 * Python; closing the end itself (the copy in use, or the only copy) gives the other end its end of file.
 *
 * <p><b>Interrupts.</b> A thread interrupted while it waits for a message, or for room to send one, gets an
 * {@link java.io.InterruptedIOException} and the connection stays usable; one interrupted in the middle of a
 * message gets a {@link java.nio.channels.ClosedByInterruptException} and the connection is closed (its stream
 * could not be resynchronized).
 *
 * <p>This class is thread-safe: sends are serialized with each other, and so are receives. Memory consistency
 * effects: the receiver sees a message's object as it was serialized by {@code send}; in one process, actions
 * before a {@code send} <i>happen-before</i> the {@code recv} that returns that message.
 *
 * <p><b>Python:</b> {@code multiprocessing.connection.Connection}: {@code send}, {@code recv},
 * {@code send_bytes(buf, offset, size)}, {@code recv_bytes(maxlength)}, {@code recv_bytes_into(buf, offset)},
 * {@code poll(timeout)}, {@code close}, {@code closed}, {@code readable}, {@code writable}, and
 * {@code multiprocessing.connection.wait} as {@link #waitAny}. Differences: {@code OSError} is
 * {@link IOException} and {@code EOFError} is {@link EOFException}; there is no {@code fileno()}; {@code poll()}
 * without a timeout is {@link #poll()}, and there is no {@code poll(None)} (use {@code recv}); an end that no
 * process ever uses gives the other end no end of file (in Python the descriptor closes with the last process
 * holding it): {@code poll(timeout)} and {@code waitAny(..., timeout)} are the bounded waits; an end in use in
 * one process cannot move to another (Java cannot pass a socket between processes).
 */
public final class Connection implements Serializable, AutoCloseable, Waitable {

  @Serial private static final long serialVersionUID = 2L;

  /** Where the pipe's ends meet, or null for a connection made by a {@link Listener} or {@link Client}. */
  private final @Nullable String directory;

  /** The pipe's secret, which the other end presents when it connects; null for a listener's or client's connection. */
  private final byte @Nullable [] token;
  /** Which end of the pipe this is: 0 (left) or 1 (right). */
  private final int role;
  /** Whether this end receives. */
  private final boolean readable;
  /** Whether this end sends. */
  private final boolean writable;
  /** The extra deserialization allowlist patterns. */
  private final String[] allow; // an array, not a Guava list: its serialized form must pass the allowlist
  /** The longest message, in bytes, this end sends or receives. */
  private final int maxMessageSize;

  private transient PipeEnd end;
  private transient volatile @Nullable Codec codec;

  /** An end of a pipe, met through its directory on first use. */
  Connection(Path directory, byte[] token, int role, boolean readable, boolean writable, Pipe.Builder settings) {
    this.directory = directory.toString();
    this.token = token.clone();
    this.role = role;
    this.readable = readable;
    this.writable = writable;
    this.allow = settings.allowlist().toArray(String[]::new);
    this.maxMessageSize = settings.maxMessageSize();
    this.end = PipeEnd.unopened(new PipeRendezvous(directory, token, role));
  }

  /** A connected socket: a {@link Listener}'s accepted connection, or a {@link Client}'s. */
  private Connection(PipeEnd end, List<String> allow, int maxMessageSize) {
    this.directory = null;
    this.token = null;
    this.role = 0;
    this.readable = true;
    this.writable = true;
    this.allow = allow.toArray(String[]::new);
    this.maxMessageSize = maxMessageSize;
    this.end = end;
  }

  static Connection ofSocket(SocketChannel socket, List<String> allow, int maxMessageSize) throws IOException {
    return new Connection(PipeEnd.connected(socket), allow, maxMessageSize);
  }

  /** {@return whether this end can receive ({@code false} for the sending end of a one-way pipe)} */
  public boolean readable() {
    return readable;
  }

  /** {@return whether this end can send ({@code false} for the receiving end of a one-way pipe)} */
  public boolean writable() {
    return writable;
  }

  /** {@return whether this end was closed here} */
  public boolean closed() {
    return end.phase() == PipeEnd.Phase.CLOSED;
  }

  /**
   * Sends one object, serialized ({@code null} too). Returns once the message is in the socket, or held until
   * the other end connects.
   *
   * @param message what to send
   * @throws IllegalArgumentException if it cannot be serialized, or is larger than the pipe's
   *     {@linkplain Pipe.Builder#maxMessageSize maxMessageSize}
   * @throws IOException if this end is closed or only receives, or the other end is gone ("broken pipe")
   */
  public void send(@Nullable Serializable message) throws IOException {
    byte[] payload = Tasks.encodeMessage(message, () -> "the message " + message);
    sendMessage(ByteBuffer.wrap(payload));
  }

  /**
   * Receives the next object, waiting as long as it takes.
   *
   * @return the object as it was sent ({@code null} if {@code null} was sent)
   * @throws EOFException if the other end was closed and nothing is left to receive
   * @throws IOException if this end is closed or only sends
   * @throws java.io.InvalidClassException if the object's class is not on the allowlist
   * @throws ClassNotFoundException if the object's class is not on this process's class path
   */
  public @Nullable Object recv() throws IOException, ClassNotFoundException {
    byte[] message = receive(maxMessageSize, "the pipe's maxMessageSize");
    if (message.length == 0) {
      throw new StreamCorruptedException("an empty message is not an object: it was sent with sendBytes; receive it"
          + " with recvBytes");
    }
    return codec().decode(message);
  }

  /**
   * Sends all of {@code buffer} as one message; see {@link #sendBytes(byte[], int, int)}.
   *
   * @param buffer the bytes to send
   * @throws IOException if this end is closed or only receives, or the other end is gone
   */
  public void sendBytes(byte[] buffer) throws IOException {
    sendBytes(buffer, 0, buffer.length);
  }

  /**
   * Sends {@code buffer} from {@code offset} to its end as one message; see {@link #sendBytes(byte[], int, int)}.
   *
   * @param buffer the bytes
   * @param offset where the message starts in {@code buffer}
   * @throws IOException if this end is closed or only receives, or the other end is gone
   */
  public void sendBytes(byte[] buffer, int offset) throws IOException {
    checkOffset(buffer, offset);
    sendBytes(buffer, offset, buffer.length - offset);
  }

  /**
   * Sends {@code size} bytes of {@code buffer}, from {@code offset}, as one message; the other end receives them
   * with {@link #recvBytes()} (or {@link #recv()}, which tries to deserialize them).
   *
   * @param buffer the bytes
   * @param offset where the message starts in {@code buffer}
   * @param size how many bytes it has
   * @throws IllegalArgumentException if {@code offset} or {@code size} is negative or beyond the buffer, or the
   *     message is longer than the pipe's {@linkplain Pipe.Builder#maxMessageSize maxMessageSize}
   * @throws IOException if this end is closed or only receives, or the other end is gone
   */
  public void sendBytes(byte[] buffer, int offset, int size) throws IOException {
    checkOffset(buffer, offset);
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    if (offset + (long) size > buffer.length) {
      throw new IllegalArgumentException(
          "buffer length " + buffer.length + " < offset + size (" + offset + " + " + size + ")");
    }
    sendMessage(ByteBuffer.wrap(buffer, offset, size));
  }

  /**
   * Sends the remaining bytes of {@code buffer} (from its position to its limit) as one message.
   *
   * @param buffer the bytes, between its position and its limit (neither is changed)
   * @throws IOException if this end is closed or only receives, or the other end is gone
   */
  public void sendBytes(ByteBuffer buffer) throws IOException {
    ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
    copy.put(buffer.duplicate()).flip();
    sendMessage(copy);
  }

  private static void checkOffset(byte[] buffer, int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (offset > buffer.length) {
      throw new IllegalArgumentException("buffer length " + buffer.length + " < offset " + offset);
    }
  }

  private void sendMessage(ByteBuffer message) throws IOException {
    if (!writable) {
      throw new IOException("connection is read-only: this end of a one-way pipe only receives");
    }
    if (message.remaining() > maxMessageSize) {
      throw new IllegalArgumentException("a message of " + message.remaining() + " bytes is longer than the pipe's"
          + " maxMessageSize of " + maxMessageSize + " bytes; raise it with Pipe.builder().maxMessageSize(...)");
    }
    end.send(message);
  }

  /**
   * Receives the next message's bytes, waiting as long as it takes.
   *
   * @return the message's bytes
   * @throws EOFException if the other end was closed and nothing is left to receive
   * @throws IOException if this end is closed or only sends
   */
  public byte[] recvBytes() throws IOException {
    return receive(maxMessageSize, "the pipe's maxMessageSize");
  }

  /**
   * Receives the next message's bytes if it is at most {@code maxLength} long.
   *
   * @param maxLength the longest message accepted
   * @return the message's bytes
   * @throws IllegalArgumentException if {@code maxLength} is negative
   * @throws IOException if the message is longer ("bad message length"): the connection is then closed, as in
   *     Python, since the rest of the message cannot be skipped; or as {@link #recvBytes()}
   */
  public byte[] recvBytes(int maxLength) throws IOException {
    if (maxLength < 0) {
      throw new IllegalArgumentException("negative maxLength: " + maxLength);
    }
    return receive(Math.min(maxLength, maxMessageSize), maxLength < maxMessageSize ? "maxLength" : "the pipe's maxMessageSize");
  }

  /**
   * Receives the next message into {@code buffer} from its start; see {@link #recvBytesInto(byte[], int)}.
   *
   * @param buffer where the message goes
   * @return the message's length in bytes
   * @throws IOException as {@link #recvBytesInto(byte[], int)}
   */
  public int recvBytesInto(byte[] buffer) throws IOException {
    return recvBytesInto(buffer, 0);
  }

  /**
   * Receives the next message into {@code buffer}, from {@code offset}, waiting as long as it takes.
   *
   * @param buffer where the message goes
   * @param offset where in {@code buffer} it starts
   * @return the message's length in bytes
   * @throws IllegalArgumentException if {@code offset} is negative or beyond the buffer
   * @throws BufferTooShortException if the message is longer than the room from {@code offset}; the message is
   *     consumed and carried by the exception
   * @throws EOFException if the other end was closed and nothing is left to receive
   */
  public int recvBytesInto(byte[] buffer, int offset) throws IOException {
    checkOffset(buffer, offset);
    byte[] message = recvBytes();
    if (message.length > buffer.length - offset) {
      throw new BufferTooShortException(message, buffer.length - offset);
    }
    System.arraycopy(message, 0, buffer, offset, message.length);
    return message.length;
  }

  /**
   * Receives the next message into {@code buffer} at its position, which advances past it.
   *
   * @param buffer where the message goes, from its position
   * @return the message's length in bytes
   * @throws BufferTooShortException if the message is longer than the buffer's remaining room
   */
  public int recvBytesInto(ByteBuffer buffer) throws IOException {
    byte[] message = recvBytes();
    if (message.length > buffer.remaining()) {
      throw new BufferTooShortException(message, buffer.remaining());
    }
    buffer.put(message);
    return message.length;
  }

  private byte[] receive(int maxLength, String limitName) throws IOException {
    MessageChannel channel = receivingChannel(Long.MAX_VALUE);
    byte[] message;
    try {
      message = channel == null ? null : channel.receive(maxLength, limitName);
    } catch (MessageChannel.MessageTooLongException e) {
      end.close(); // the channel closed itself; the end follows, as Python's connection does
      throw e;
    }
    if (message == null) {
      throw new EOFException("the other end of the connection was closed and nothing is left to receive");
    }
    return message;
  }

  /** The channel to receive from, waiting for the other end up to {@code deadline}; null at end of file. */
  private @Nullable MessageChannel receivingChannel(long deadline) throws IOException {
    if (!readable) {
      throw new IOException("connection is write-only: this end of a one-way pipe only sends");
    }
    return end.channel(deadline);
  }

  /**
   * {@return whether a receive would find a message, or end of file, at once}
   *
   * @throws IOException if this end is closed or only sends
   */
  public boolean poll() throws IOException {
    return poll(Duration.ZERO);
  }

  /**
   * Waits up to {@code timeout} for something to receive: a message, or end of file. Waits at most that long even
   * when the other end has never been used. A negative timeout is zero, as in Python.
   *
   * @param timeout how long to wait at most
   * @return whether a receive would not wait
   * @throws IOException if this end is closed or only sends
   * @throws java.io.InterruptedIOException if interrupted while waiting
   */
  public boolean poll(Duration timeout) throws IOException {
    requireNonNull(timeout, "timeout");
    long deadline = deadlineOf(timeout);
    MessageChannel channel = receivingChannel(deadline);
    if (channel == null) {
      return end.peerClosed(); // end of file is something to receive; else the other end did not come in time
    }
    return channel.awaitReceivable(deadline);
  }

  private static long deadlineOf(Duration timeout) {
    long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
    long now = System.nanoTime();
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Waits until at least one of {@code objects} is ready: a connection with a message or end of file to receive,
   * a sentinel whose process has ended. Waits as long as it takes.
   *
   * @param <T> the kind of the objects waited on
   * @param objects the connections and sentinels to wait on
   * @return the ready ones, in the order given
   * @throws IOException if a connection is closed, only sends, or cannot meet its other end
   * @throws InterruptedException if interrupted while waiting
   */
  public static <T extends Waitable> List<T> waitAny(Collection<? extends T> objects)
      throws IOException, InterruptedException {
    return Waiting.waitAny(objects, Long.MAX_VALUE);
  }

  /**
   * Waits up to {@code timeout} until at least one of {@code objects} is ready (see {@link #waitAny(Collection)});
   * a negative timeout is zero.
   *
   * @param <T> the kind of the objects waited on
   * @param objects the connections and sentinels to wait on
   * @param timeout how long to wait at most
   * @return the ready ones, in the order given; empty if none became ready in time
   * @throws IOException if a connection is closed, only sends, or cannot meet its other end
   * @throws InterruptedException if interrupted while waiting
   */
  public static <T extends Waitable> List<T> waitAny(Collection<? extends T> objects, Duration timeout)
      throws IOException, InterruptedException {
    return Waiting.waitAny(objects, deadlineOf(requireNonNull(timeout, "timeout")));
  }

  /** This end's state in this process, for {@link Waiting}. */
  PipeEnd end() {
    if (!readable) {
      throw new IllegalStateException("connection is write-only");
    }
    return end;
  }

  private Codec codec() {
    Codec current = codec;
    if (current == null) {
      current = Codec.allowing(List.of(allow), Math.max(1, maxMessageSize), 1000);
      codec = current;
    }
    return current;
  }

  /**
   * Closes this end here (see the class comment for an end that was sent to another process); a receive waiting
   * in another thread fails. Idempotent.
   */
  @Override
  public void close() throws IOException {
    end.close();
  }

  /** Writes the end's directory, token, role and settings, once it is known not to be in use here.
   *
   * @param stream the stream
   * @throws IOException if the end is in use or closed here, or is a listener's or client's connection */
  @Serial
  private void writeObject(ObjectOutputStream stream) throws IOException {
    if (directory == null) {
      throw new InvalidObjectException("a connection made by a Listener or a Client is a socket of this process"
          + " and cannot be sent to another one; send a Pipe end, or the listener's address");
    }
    try {
      end.markSent();
    } catch (IllegalStateException e) {
      throw new InvalidObjectException(e.getMessage());
    }
    stream.defaultWriteObject();
  }

  /** Reads an unused end: it meets the other end on first use.
   *
   * @param stream the stream
   * @throws IOException if the stream is not a pipe end
   * @throws ClassNotFoundException never, for this class's fields */
  @Serial
  private void readObject(ObjectInputStream stream) throws IOException, ClassNotFoundException {
    stream.defaultReadObject();
    if (directory == null || token == null) {
      throw new InvalidObjectException("a pipe end without its directory or token");
    }
    end = PipeEnd.unopened(new PipeRendezvous(Path.of(directory), token, role));
  }

  @Override
  public String toString() {
    return "Connection[" + (readable ? "r" : "") + (writable ? "w" : "") + (closed() ? ", closed]" : "]");
  }
}
