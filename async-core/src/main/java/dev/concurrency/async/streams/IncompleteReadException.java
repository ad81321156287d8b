package dev.concurrency.async.streams;

import java.io.EOFException;

/**
 * Thrown when the stream ends before a read could complete: {@link StreamReader#readExactly(int)} got fewer
 * bytes, or {@link StreamReader#readUntil(byte[])} met EOF before the separator. The bytes read are in {@link
 * #partial()}. The message is asyncio's: {@code "18 bytes read on a total of 36 expected bytes"}.
 *
 * <p><b>Python:</b> {@code asyncio.IncompleteReadError} (an {@code EOFError}; here an {@link EOFException}).
 */
public final class IncompleteReadException extends EOFException {

  private static final long serialVersionUID = 1L;

  /** The bytes read before the end of the stream. */
  private final byte[] partial;
  /** How many bytes were expected, or -1 when reading up to a separator. */
  private final int expected;

  /**
   * An exception for {@code partial} bytes read where {@code expected} were wanted (-1: up to a separator).
   *
   * @param partial the bytes read before the end of the stream
   * @param expected how many bytes were wanted, or -1 when reading up to a separator
   */
  public IncompleteReadException(byte[] partial, int expected) {
    super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
        + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /**
   * The bytes read before the end of the stream.
   *
   * @return the bytes read before the end of the stream
   */
  public byte[] partial() {
    return partial.clone();
  }

  /**
   * How many bytes were expected, or -1 when reading up to a separator.
   *
   * @return how many bytes were expected, or -1
   */
  public int expected() {
    return expected;
  }
}
