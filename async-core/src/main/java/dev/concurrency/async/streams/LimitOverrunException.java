package dev.concurrency.async.streams;

import java.io.IOException;

/**
 * Thrown by {@link StreamReader#readUntil(byte[])} when the separator is not found within the reader's limit
 * (a line too long, or a peer that never sends the separator). The data stays in the buffer; {@link
 * StreamReader#readLine()} discards the over-long line instead.
 *
 * <p><b>Python:</b> {@code asyncio.LimitOverrunError}; {@code readline()} turns it into a {@code ValueError},
 * here it stays a {@code LimitOverrunException}.
 */
public final class LimitOverrunException extends IOException {

  private static final long serialVersionUID = 1L;

  /** How many bytes were searched before giving up. */
  private final int consumed;

  /**
   * An exception whose separator search gave up after {@code consumed} bytes.
   *
   * @param message the message
   * @param consumed how many bytes were searched before giving up
   */
  public LimitOverrunException(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /**
   * How many bytes were searched (and, for {@code readLine}, discarded) before giving up.
   *
   * @return how many bytes were searched
   */
  public int consumed() {
    return consumed;
  }
}
