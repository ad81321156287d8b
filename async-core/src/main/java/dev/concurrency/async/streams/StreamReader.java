package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reading half of a stream: bytes arrive from a socket or a pipe into a buffer, and a task reads them with
 * {@link #read(int)}, {@link #readLine()}, {@link #readExactly(int)} or {@link #readUntil(byte[])}, suspending
 * while not enough has arrived.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=streamReader}
 *
 * <p><b>Semantics.</b> Reads take from the buffer and suspend only when it holds too little. At the end of the
 * stream (EOF), {@code read(n)} and {@code readLine()} return what is left and then an empty array; {@link
 * #readExactly} and {@link #readUntil} throw {@link IncompleteReadException} with the partial data. A network
 * error (a reset by the peer, say) is thrown by the next read. <b>Flow control:</b> when the buffer holds more
 * than twice the limit, the transport stops reading until the buffer drains to the limit, so a slow reader never
 * buffers without bound. The limit (64 KiB by default) also caps the length of a line for {@link #readLine()} and
 * {@link #readUntil}.
 *
 * <p><b>Cancellation.</b> A read cancelled while it waits throws {@link dev.concurrency.async.CancelledError}
 * and consumes nothing.
 *
 * <p><b>Thread-safety.</b> Loop-confined, and only one task may wait on a reader at a time (a second gets an
 * {@link IllegalStateException}). A reader built by hand ({@code new StreamReader()}) is bound to no loop until
 * a task waits on it.
 *
 * <p><b>Memory consistency.</b> Bytes fed by the loop's I/O callbacks happen-before the read that returns them.
 *
 * <p><b>Python:</b> {@code asyncio.StreamReader}. Differences: data is {@code byte[]}; {@code readline()} on a
 * line over the limit throws {@link LimitOverrunException} (Python: {@code ValueError}) after discarding it;
 * several separators are a {@code List} (Python: a tuple); a reader is not bound to a loop when it is built.
 */
public final class StreamReader {

  /** The default buffer limit, 64 KiB, as asyncio's. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private final ByteBuf buffer = new ByteBuf();
  private @Nullable ReadTransport transport;
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
   * @param limit the buffer limit in bytes: the longest line, and half the buffer size at which reading pauses
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public StreamReader(int limit) {
    checkArgument(limit > 0, "a stream reader's limit must be > 0, got %s", limit);
    this.limit = limit;
  }

  /**
   * The buffer limit: the longest line, and half the buffer size at which reading pauses.
   *
   * @return the buffer limit in bytes
   */
  public int limit() {
    return limit;
  }

  void attach(ReadTransport transport) {
    this.transport = transport;
  }

  /** The transport feeding this reader, if any (package-private, for tests). */
  @Nullable ReadTransport transport() {
    return transport;
  }

  // ---------------------------------------------------------------- the transport's side

  /**
   * Appends received bytes and wakes a waiting reader. Loop-confined.
   *
   * @param data the bytes to add to the buffer
   * @throws IllegalStateException after {@link #feedEof()}
   */
  public void feedData(byte[] data) {
    feedData(ByteBuffer.wrap(data));
  }

  void feedData(ByteBuffer data) {
    if (eof) {
      throw new IllegalStateException("feedData() after feedEof(): the stream has already ended");
    }
    if (!data.hasRemaining()) {
      return;
    }
    buffer.append(data);
    wakeup();
    ReadTransport t = transport;
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

  /**
   * Makes every later read throw {@code error} (a connection lost), and wakes a waiting reader with it.
   *
   * @param error the error every later read throws
   */
  public void setException(IOException error) {
    exception = requireNonNull(error, "error");
    AsyncFuture<@Nullable Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.cancelled()) {
        w.setException(error);
      }
    }
  }

  /**
   * The error the stream failed with, or {@code null}.
   *
   * @return the error, or {@code null}
   */
  public @Nullable IOException exception() {
    return exception;
  }

  /**
   * Whether the stream has ended and the buffer is empty: every later read returns nothing.
   *
   * @return whether every later read returns nothing
   */
  public boolean atEof() {
    return eof && buffer.size() == 0;
  }

  // ---------------------------------------------------------------- the task's side

  /**
   * Reads up to {@code n} bytes, suspending until at least one byte (or EOF) is there; with {@code n < 0},
   * reads until EOF.
   *
   * @param n the most bytes to read; negative reads until EOF
   * @return the bytes read; empty at EOF (or if {@code n == 0})
   * @throws IOException if the stream failed
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
   * Reads until EOF: {@code read(-1)}.
   *
   * @return the bytes read until EOF; empty if none were left
   * @throws IOException if the stream failed
   */
  public byte[] read() throws IOException {
    return read(-1);
  }

  /**
   * Reads exactly {@code n} bytes, suspending until they are all there.
   *
   * @param n how many bytes to read
   * @return the {@code n} bytes
   * @throws IncompleteReadException if the stream ends first (with the bytes that did arrive, now consumed)
   * @throws IOException if the stream failed
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public byte[] readExactly(int n) throws IOException {
    checkArgument(n >= 0, "readExactly() size can not be less than zero, got %s", n);
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    while (buffer.size() < n) {
      if (eof) {
        throw new IncompleteReadException(buffer.take(buffer.size()), n);
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
   * @param separator the bytes that end what is read
   * @return the bytes read, ending with the separator
   * @throws IncompleteReadException if the stream ends before the separator (the partial data is consumed)
   * @throws LimitOverrunException if the separator is not within the limit (the data stays buffered)
   * @throws IOException if the stream failed
   * @throws IllegalArgumentException if {@code separator} is empty
   */
  public byte[] readUntil(byte[] separator) throws IOException {
    return readUntil(List.of(requireNonNull(separator, "separator")));
  }

  /**
   * Reads up to and including whichever of {@code separators} ends first in the stream; of two that end at the
   * same place, the shorter wins. For example with {@code "\r"} and {@code "\n"}, a line ends at either.
   *
   * @param separators the byte sequences any of which ends what is read
   * @return the bytes read, ending with the separator
   * @throws IncompleteReadException if the stream ends before any separator (the partial data is consumed)
   * @throws LimitOverrunException if no separator is within the limit (the data stays buffered)
   * @throws IOException if the stream failed
   * @throws IllegalArgumentException if the list is empty or a separator is empty
   */
  public byte[] readUntil(List<byte[]> separators) throws IOException {
    requireNonNull(separators, "separators");
    checkArgument(!separators.isEmpty(), "readUntil() separator should contain at least one element");
    List<byte[]> seps = new ArrayList<>(separators);
    seps.sort(Comparator.comparingInt(sep -> requireNonNull(sep, "separator").length)); // shortest first
    int minLength = seps.get(0).length;
    int maxLength = seps.get(seps.size() - 1).length;
    checkArgument(minLength > 0, "readUntil() separator should be at least one-byte string");
    throwIfFailed();
    // Look only at what is new since the last search, but keep the last (longest separator - 1) bytes, which may
    // hold the start of a separator that the next chunk completes.
    int offset = 0;
    int matchStart = -1;
    int matchEnd = -1;
    for (;;) {
      int size = buffer.size();
      if (size - offset >= minLength) {
        for (byte[] sep : seps) {
          int found = buffer.indexOf(sep, offset);
          if (found != -1 && (matchEnd == -1 || found + sep.length < matchEnd)) {
            matchStart = found;
            matchEnd = found + sep.length;
          }
        }
        if (matchEnd != -1) {
          break;
        }
        offset = Math.max(0, size + 1 - maxLength);
        if (offset > limit) {
          throw new LimitOverrunException(
              "Separator is not found, and chunk exceed the limit of " + limit + " bytes", offset);
        }
      }
      if (eof) { // checked after the search: the last chunk may have completed a separator
        throw new IncompleteReadException(buffer.take(buffer.size()), -1);
      }
      waitForData("readUntil");
    }
    if (matchStart > limit) {
      throw new LimitOverrunException(
          "Separator is found, but chunk is longer than limit (" + matchStart + " > " + limit + " bytes)",
          matchStart);
    }
    byte[] chunk = buffer.take(matchEnd);
    maybeResume();
    return chunk;
  }

  /**
   * Reads one line, up to and including {@code '\n'}; at EOF, returns what is left (possibly without the
   * newline) and then an empty array.
   *
   * @return the line with its {@code '\n'}, what was left at EOF, or an empty array after EOF
   * @throws LimitOverrunException if the line is longer than the limit; the over-long data is discarded, so the
   *     next read starts after it
   * @throws IOException if the stream failed
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

  /** What the buffer holds now, without consuming it (for tests, as CPython's tests read {@code _buffer}). */
  byte[] buffered() {
    return buffer.peek();
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
          what + "() called while another task is already waiting for incoming data on this reader");
    }
    // Waiting while paused would wait forever (a readExactly(n) with n over the limit): resume first.
    if (paused) {
      paused = false;
      requireNonNull(transport).resumeReading();
    }
    AsyncFuture<@Nullable Void> w = Io.requireTaskLoop(what).createFuture();
    waiter = w;
    try {
      Io.await(w);
    } finally {
      waiter = null;
    }
  }

  private void wakeup() {
    AsyncFuture<@Nullable Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.cancelled()) {
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

  /**
   * Describes the reader as asyncio does: {@code <StreamReader 4 bytes eof limit=123 waiter=... exception=...
   * transport=... paused>}, each part only when it applies.
   */
  @Override
  public String toString() {
    StringBuilder info = new StringBuilder("<StreamReader");
    if (buffer.size() > 0) {
      info.append(' ').append(buffer.size()).append(" bytes");
    }
    if (eof) {
      info.append(" eof");
    }
    if (limit != DEFAULT_LIMIT) {
      info.append(" limit=").append(limit);
    }
    if (waiter != null) {
      info.append(" waiter=").append(waiter);
    }
    if (exception != null) {
      info.append(" exception=").append(exception);
    }
    if (transport != null) {
      info.append(" transport=").append(transport);
    }
    if (paused) {
      info.append(" paused");
    }
    return info.append('>').toString();
  }
}
