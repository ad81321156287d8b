package dev.concurrency.processes.internal;

/**
 * Exit statuses in Python's convention: the status a process passed to {@code exit}, or minus the signal number
 * when a signal ended it ({@code -9} after {@code SIGKILL}, {@code -15} after {@code SIGTERM}).
 *
 * <p>On Linux and macOS the JDK reports a signal death as {@code 128 + signal}, as shells do, and a JVM that
 * handles {@code SIGTERM} itself exits with {@code 143}, the same number; so statuses 129 to 159 are read as
 * signals. A child that calls {@code System.exit(137)} is therefore reported as {@code -9}: avoid exit statuses
 * above 128. Windows has no signals and reports the status as it is ({@link Platform}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ExitCodes {

  /** The status of a child that ran its task and returned normally. */
  public static final int OK = 0;
  /** The status of a child whose task threw (Python's {@code Process} uses 1 too). */
  public static final int TASK_FAILED = 1;
  /** The status of a child whose channel to the parent broke (corrupt frame, parent gone). */
  public static final int CHANNEL_LOST = 3;

  private ExitCodes() {}

  /**
   * Converts a status from {@link Process#exitValue()} to Python's convention, on this platform.
   *
   * @param javaStatus the status the JDK reports
   * @return the status in Python's convention
   */
  public static int toPython(int javaStatus) {
    return Platform.current().toPython(javaStatus);
  }

  /**
   * Says in words what a Python-convention status means, for error messages.
   *
   * @param pythonStatus the status in Python's convention
   * @return the words
   */
  public static String describe(int pythonStatus) {
    return Platform.current().describe(pythonStatus);
  }
}
