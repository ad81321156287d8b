package dev.concurrency.processes;

import java.io.IOException;
import java.io.Serial;

/**
 * The other end of a {@link Listener} or {@link Client} connection did not prove that it holds the same
 * authentication key (or did not answer the challenge at all). The connection is closed.
 *
 * <p><b>Python:</b> {@code multiprocessing.AuthenticationError}.
 */
public final class AuthenticationException extends IOException {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * With a message that says what failed.
   *
   * @param message what failed
   */
  public AuthenticationException(String message) {
    super(message);
  }
}
