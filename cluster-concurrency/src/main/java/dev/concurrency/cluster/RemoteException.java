package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * An exception a task threw on a cluster member, brought back as data: the remote exception's class name, message
 * and stack text, and the member. Its {@linkplain #getCause() cause} is a stand-in whose {@code toString} is the
 * remote stack, so {@code printStackTrace} shows where the submitter learned of the failure, then the member's
 * trace.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=remote}
 *
 * <p>The remote exception is never deserialized: the submitter does not instantiate classes a member names, and
 * a task's exception types need not be on the submitter's allowlist. Instances are immutable once constructed and
 * safe to share between threads.
 *
 * <p><b>Python:</b> Ray's {@code RayTaskError} (which also names the node) and
 * {@code concurrent.futures.process._RemoteTraceback}. Ray and Dask re-raise the task's own exception type; here
 * the type is a name, {@link #remoteType()}.
 */
public final class RemoteException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** The class name of the task's exception on the member. */
  private final String remoteType;

  /** Its message, or the empty string. */
  private final String remoteMessage;

  /** Its stack trace as the member printed it. */
  private final String remoteStackTrace;

  /** The member that ran the task. */
  private final MemberInfo member;

  /**
   * Creates one.
   *
   * @param remoteType the remote exception's class name
   * @param remoteMessage its message, empty if it had none
   * @param remoteStackTrace its stack text, causes included
   * @param member the member the task ran on
   */
  public RemoteException(String remoteType, String remoteMessage, String remoteStackTrace, MemberInfo member) {
    super(
        requireNonNull(remoteType, "remoteType")
            + (remoteMessage.isEmpty() ? "" : ": " + remoteMessage)
            + " (on member "
            + requireNonNull(member, "member")
            + ")",
        new RemoteTraceback(requireNonNull(remoteStackTrace, "remoteStackTrace")));
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
    this.remoteStackTrace = remoteStackTrace;
    this.member = member;
  }

  /**
   * The remote exception's class name.
   *
   * @return such as {@code java.lang.IllegalStateException}
   */
  public String remoteType() {
    return remoteType;
  }

  /**
   * The remote exception's message.
   *
   * @return the message, empty if it had none
   */
  public String remoteMessage() {
    return remoteMessage;
  }

  /**
   * The remote stack text as the member printed it.
   *
   * @return the stack text, causes included
   */
  public String remoteStackTrace() {
    return remoteStackTrace;
  }

  /**
   * Where the task ran.
   *
   * @return the member
   */
  public MemberInfo member() {
    return member;
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
