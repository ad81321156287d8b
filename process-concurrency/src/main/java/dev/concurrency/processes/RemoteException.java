package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * An exception raised by a task in a child process, brought back as data: the remote exception's class name,
 * message and stack text. Its {@linkplain #getCause() cause} is a stand-in whose {@code toString} is the remote
 * stack, so {@code printStackTrace} shows where the parent learned of the failure, then the child's trace.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=remote}
 *
 * <p>The remote exception is never deserialized: the parent does not instantiate classes a child names.
 * Instances are immutable once constructed and safe to share between threads.
 *
 * <p><b>Python:</b> {@code concurrent.futures.process._RemoteTraceback}, which CPython attaches as the
 * {@code __cause__} of the re-raised exception; here the exception type itself is not recreated.
 */
public final class RemoteException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final String remoteMessage;
  private final String remoteStackTrace;

  /**
   * Creates one.
   *
   * @param remoteType the remote exception's class name
   * @param remoteMessage its message, empty if it had none
   * @param remoteStackTrace its stack text, causes included
   */
  public RemoteException(String remoteType, String remoteMessage, String remoteStackTrace) {
    super(
        requireNonNull(remoteType, "remoteType") + (remoteMessage.isEmpty() ? "" : ": " + remoteMessage),
        new RemoteTraceback(requireNonNull(remoteStackTrace, "remoteStackTrace")));
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
    this.remoteStackTrace = remoteStackTrace;
  }

  /** The remote exception's class name, such as {@code java.lang.IllegalStateException}. */
  public String remoteType() {
    return remoteType;
  }

  /** The remote exception's message, empty if it had none. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** The remote stack text as the child printed it, causes included. */
  public String remoteStackTrace() {
    return remoteStackTrace;
  }

  /** The cause that prints as the remote stack. */
  private static final class RemoteTraceback extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    RemoteTraceback(String text) {
      super("\n\"\"\"\n" + text.strip() + "\n\"\"\"", null, /* enableSuppression= */ false, /* writableStackTrace= */ false);
    }

    @Override
    public String toString() {
      return "remote traceback: " + getMessage();
    }
  }
}
