package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised by a task in a child process, brought back: the remote exception's class name, message and
 * stack text, and, when this JVM can rebuild it safely, the original exception itself as the
 * {@linkplain #getCause() cause}.
 *
 * <pre>{@code
 * try {
 *   pool.submit(() -> { throw new IllegalStateException("boom"); }).get();
 * } catch (ExecutionException e) {
 *   RemoteException remote = (RemoteException) e.getCause();
 *   remote.remoteType();       // "java.lang.IllegalStateException"
 *   remote.getCause();         // the IllegalStateException("boom"), with the child's stack trace
 *   remote.remoteStackTrace(); // "java.lang.IllegalStateException: boom\n\tat ..."
 * }
 * }</pre>
 *
 * <p><b>The cause.</b> The child sends the exception serialized, when it can be; the parent decodes it through the
 * same allowlist as results ({@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math},
 * {@code dev.concurrency}, and what the pool or process {@code allow}s), so a child cannot make the parent
 * instantiate a class it does not allow. Then the cause is an instance of the original class, with the child's
 * stack trace and causes. Otherwise (a class not allowed or not on this class path, an exception that cannot be
 * serialized) the cause is a stand-in whose {@code toString} is the remote stack text. Either way
 * {@code printStackTrace} shows where the parent learned of the failure, then the child's trace. An exception
 * whose {@code getMessage()} or {@code toString()} throws still arrives, with a note in place of what failed.
 *
 * <p>Instances are immutable once constructed and safe to share between threads.
 *
 * <p><b>Python:</b> {@code concurrent.futures} re-raises the original exception type in the parent, with a
 * {@code _RemoteTraceback} holding the child's traceback as its {@code __cause__}. Differences: here the
 * exception raised is this {@code RemoteException} (the cause of the {@code ExecutionException}), and the original
 * is its cause, rebuilt only when its classes are allowed.
 */
public final class RemoteException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** The remote exception's class name. */
  private final String remoteType;

  /** The remote exception's message, empty if it had none. */
  private final String remoteMessage;

  /** The remote stack text, causes included. */
  private final String remoteStackTrace;

  /**
   * Creates one.
   *
   * @param remoteType the remote exception's class name
   * @param remoteMessage its message, empty if it had none
   * @param remoteStackTrace its stack text, causes included
   */
  public RemoteException(String remoteType, String remoteMessage, String remoteStackTrace) {
    this(remoteType, remoteMessage, remoteStackTrace, null);
  }

  /**
   * Creates one whose cause is the original exception, rebuilt in this JVM.
   *
   * @param remoteType the remote exception's class name
   * @param remoteMessage its message, empty if it had none
   * @param remoteStackTrace its stack text, causes included
   * @param original the original exception, or {@code null} for a stand-in that prints the stack text
   */
  public RemoteException(
      String remoteType, String remoteMessage, String remoteStackTrace, @Nullable Throwable original) {
    super(
        requireNonNull(remoteType, "remoteType") + (remoteMessage.isEmpty() ? "" : ": " + remoteMessage),
        original != null ? original : new RemoteTraceback(requireNonNull(remoteStackTrace, "remoteStackTrace")));
    this.remoteType = remoteType;
    this.remoteMessage = requireNonNull(remoteMessage, "remoteMessage");
    this.remoteStackTrace = requireNonNull(remoteStackTrace, "remoteStackTrace");
  }

  /**
   * The remote exception's class name, such as {@code java.lang.IllegalStateException}.
   *
   * @return the class name
   */
  public String remoteType() {
    return remoteType;
  }

  /**
   * The remote exception's message, empty if it had none.
   *
   * @return the message
   */
  public String remoteMessage() {
    return remoteMessage;
  }

  /**
   * The remote stack text as the child printed it, causes included.
   *
   * @return the stack text
   */
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
