package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The reading half of a connection: bytes arrive from the network into a buffer, and a task reads them with
 * {@link #read(int)}, {@link #readLine()}, {@link #readExactly(int)} or {@link #readUntil(byte[])}, suspending
 * while not enough has arrived.
 *
 * <pre>{@code
 * Connection c = Streams.openConnection("127.0.0.1", 8888);
 * c.writer().write("ping\n".getBytes(UTF_8));
 * byte[] line = c.reader().readLine();      // suspends until a whole line (or EOF) arrived
 * }</pre>
 *
 * <p><b>Semantics.</b> Reads take from the buffer and suspend only when it holds too little. At the end of the
 * stream (EOF), {@code read(n)} and {@code readLine()} return what is left and then an empty array; {@link
 * #readExactly} and {@link #readUntil} throw {@link IncompleteReadException} with the partial data. A network
 * error (a reset by the peer, say) is thrown by the next read. <b>Flow control:</b> when the buffer holds more
 * than twice the limit, the connection stops reading from the socket until it drains below the limit, so a slow
 * reader never buffers without bound. The limit (64 KiB by default) also caps the length of a line for {@link
 * #readLine()} and {@link #readUntil}.
 *
 * <p><b>Cancellation.</b> A read cancelled while it waits throws {@link dev.concurrency.async.CancelledError}
 * and consumes nothing.
 *
 * <p><b>Thread-safety.</b> Loop-confined, and only one task may wait on a reader at a time (a second gets an
 * {@link IllegalStateException}).
 *
 * <p><b>Memory consistency.</b> Bytes fed by the loop's I/O callbacks happen-before the read that returns them.
 *
 * <p><b>Python:</b> {@code asyncio.StreamReader}. Differences: data is {@code byte[]}; {@code readline()} on a
 * line over the limit throws {@link LimitOverrunException} (Python: {@code ValueError}) after discarding it.
 */
public final class StreamReader {

  /** The default buffer limit, 64 KiB, as asyncio's. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private final ByteBuf buffer = new ByteBuf();
  private @Nullable SocketTransport transport;
  private boolean paused;
  private boolean eof;
  private @Nullable IOException exception;
  private @Nullable AsyncFuture<@Nullable Void> waiter;

  /** A reader with the default limit, fed by hand ({@link #feedData}, {@link #feedEof}), as in tests. */
  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /**
   * A reader with the given limit, fed by hand.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public StreamReader(int limit) {
    checkArgument(limit > 0, "a stream reader's limit must be > 0, got %s", limit);
    this.limit = limit;
  }

  void attach(SocketTransport transport) {
    this.transport = transport;
  }

  // ---------------------------------------------------------------- the network's side

  /** Appends received bytes and wakes a waiting reader. Loop-confined. */
  public void feedData(byte[] data) {
    feedData(ByteBuffer.wrap(data));
  }

  void feedData(ByteBuffer data) {
    if (!data.hasRemaining()) {
      return;
    }
    buffer.append(data);
    wakeup();
    SocketTransport t = transport;
    if (t != null && !paused && buffer.size() > 2 * limit) {
      paused = true;
      t.pauseReading();
    }
  }

  /** Marks the end of the stream and wakes a waiting reader. Loop-confined. */
  public void feedEof() {
    eof = true;
    wakeup();
  }

  /** Makes every later read throw {@code error} (a connection lost), and wakes a waiting reader. */
  public void setException(IOException error) {
    exception = requireNonNull(error, "error");
    wakeup();
  }

  /** The error the connection failed with, or {@code null}. */
  public @Nullable IOException exception() {
    return exception;
  }

  /** Whether the stream has ended and the buffer is empty: every later read returns nothing. */
  public boolean atEof() {
    return eof && buffer.size() == 0;
  }

  // ---------------------------------------------------------------- the task's side

  /**
   * Reads up to {@code n} bytes, suspending until at least one byte (or EOF) is there; with {@code n < 0},
   * reads until EOF.
   *
   * @return the bytes read; empty at EOF (or if {@code n == 0})
   * @throws IOException if the connection failed
   */
  public byte[] read(int n) throws IOException {
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    if (n < 0) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] block = read(limit); block.length > 0; block = read(limit)) {
        all.writeBytes(block);
      }
      return all.toByteArray();
    }
    if (buffer.size() == 0 && !eof) {
      waitForData("read");
    }
    byte[] data = buffer.take(Math.min(n, buffer.size()));
    maybeResume();
    return data;
  }

  /**
   * Reads exactly {@code n} bytes, suspending until they are all there.
   *
   * @throws IncompleteReadException if the stream ends first (with the bytes that did arrive)
   * @throws IOException if the connection failed
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public byte[] readExactly(int n) throws IOException {
    checkArgument(n >= 0, "readExactly() needs n >= 0, got %s", n);
    throwIfFailed();
    while (buffer.size() < n) {
      if (eof) {
        byte[] partial = buffer.take(buffer.size());
        throw new IncompleteReadException(partial, n);
      }
      waitForData("readExactly");
    }
    byte[] data = buffer.take(n);
    maybeResume();
    return data;
  }

  /**
   * Reads up to and including {@code separator}.
   *
   * @throws IncompleteReadException if the stream ends before the separator (the partial data is consumed)
   * @throws LimitOverrunException if the separator is not within the limit (the data stays buffered)
   * @throws IOException if the connection failed
   * @throws IllegalArgumentException if {@code separator} is empty
   */
  public byte[] readUntil(byte[] separator) throws IOException {
    requireNonNull(separator, "separator");
    checkArgument(separator.length > 0, "readUntil() needs a separator of at least one byte");
    throwIfFailed();
    int offset = 0;
    int found;
    for (;;) {
      int size = buffer.size();
      if (size - offset >= separator.length) {
        found = buffer.indexOf(separator, offset);
        if (found != -1) {
          break;
        }
        offset = size + 1 - separator.length;
        if (offset > limit) {
          throw new LimitOverrunException(
              "separator not found within the limit of " + limit + " bytes (a line too long?)", offset);
        }
      }
      if (eof) {
        throw new IncompleteReadException(buffer.take(buffer.size()), -1);
      }
      waitForData("readUntil");
    }
    if (found > limit) {
      throw new LimitOverrunException(
          "separator found after " + found + " bytes, over the limit of " + limit + " bytes", found);
    }
    byte[] chunk = buffer.take(found + separator.length);
    maybeResume();
    return chunk;
  }

  /**
   * Reads one line, up to and including {@code '\n'}; at EOF, returns what is left (possibly without the
   * newline) and then an empty array.
   *
   * @throws LimitOverrunException if the line is longer than the limit; the over-long data is discarded, so the
   *     next read starts after it
   * @throws IOException if the connection failed
   */
  public byte[] readLine() throws IOException {
    try {
      return readUntil(NEWLINE);
    } catch (IncompleteReadException e) {
      return e.partial();
    } catch (LimitOverrunException e) {
      if (buffer.startsWith(NEWLINE, e.consumed())) {
        buffer.drop(e.consumed() + NEWLINE.length);
      } else {
        buffer.clear();
      }
      maybeResume();
      throw e;
    }
  }

  private void throwIfFailed() throws IOException {
    IOException e = exception;
    if (e != null) {
      throw e;
    }
  }

  private void waitForData(String what) throws IOException {
    if (waiter != null) {
      throw new IllegalStateException(
          what + "() called while another task is already waiting on this reader; one reader task at a time");
    }
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(what + "() must wait for data, so it must be called from a task");
    }
    if (paused) {
      paused = false;
      requireNonNull(transport).resumeReading();
    }
    AsyncFuture<@Nullable Void> w = task.getLoop().createFuture();
    waiter = w;
    try {
      w.await();
    } finally {
      waiter = null;
    }
    throwIfFailed();
  }

  private void wakeup() {
    AsyncFuture<@Nullable Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  private void maybeResume() {
    if (paused && buffer.size() <= limit) {
      paused = false;
      requireNonNull(transport).resumeReading();
    }
  }

  @Override
  public String toString() {
    return "StreamReader[buffered=" + buffer.size() + (eof ? ", eof" : "") + (paused ? ", paused" : "")
        + (exception != null ? ", failed: " + exception : "") + "]";
  }
}
