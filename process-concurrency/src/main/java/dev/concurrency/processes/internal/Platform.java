package dev.concurrency.processes.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between the operating systems a JDK runs on, in one place: how a process is asked to stop, how a
 * death by signal is reported, how a directory is made private, and how long a socket's path may be. Everything
 * else in this module is plain JDK code (processes, Unix domain sockets, memory-mapped files) that behaves the
 * same everywhere.
 *
 * <table class="striped">
 *   <caption>The seam, per operating system</caption>
 *   <thead><tr><th>question</th><th>{@link #POSIX} (Linux, macOS)</th><th>{@link #WINDOWS}</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #terminate}</td><td>{@code SIGTERM}: the JVM runs its shutdown hooks</td>
 *         <td>{@code TerminateProcess}: immediate, like a kill</td></tr>
 *     <tr><td>{@link #kill}</td><td>{@code SIGKILL}</td><td>{@code TerminateProcess}</td></tr>
 *     <tr><td>{@link #toPython} of a status</td><td>129 to 159 are {@code 128 + signal}: read as
 *         {@code -signal}</td><td>the status as it is (1 after a terminate or kill)</td></tr>
 *     <tr><td>{@link #createPrivateDirectory}</td><td>mode {@code 0700}, set as the directory is made</td>
 *         <td>inherits the ACL of the user's temporary directory, which only that user (and
 *         administrators) can read</td></tr>
 *     <tr><td>{@link #maxSocketPathBytes}</td><td>103 (macOS's {@code sun_path} is 104 bytes with the NUL;
 *         Linux's 108)</td><td>107 ({@code sun_path} of 108)</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A process tree is ended the same way everywhere ({@link ProcessTrees}: the descendants listed first, then
 * each signalled), since {@link ProcessHandle#descendants()} works on every platform. Stateless and thread-safe.
 */
public enum Platform {
  /** Linux, macOS and the other Unix-like systems. */
  POSIX {
    @Override
    public int toPython(int status) {
      if (status > SIGNAL_BASE && status <= SIGNAL_BASE + LAST_SIGNAL) {
        return -(status - SIGNAL_BASE);
      }
      return status;
    }

    @Override
    public Path createPrivateDirectory(Path path) throws IOException {
      return Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Override
    public int maxSocketPathBytes() {
      return 103;
    }

    @Override
    public boolean terminatesGracefully() {
      return true;
    }
  },

  /** Windows 10 (1803) and later, the first with Unix domain sockets. */
  WINDOWS {
    @Override
    public int toPython(int status) {
      return status; // no signals: a terminated process reports the status TerminateProcess was given
    }

    @Override
    public Path createPrivateDirectory(Path path) throws IOException {
      return Files.createDirectory(path);
    }

    @Override
    public int maxSocketPathBytes() {
      return 107;
    }

    @Override
    public boolean terminatesGracefully() {
      return false;
    }
  };

  private static final int SIGNAL_BASE = 128;
  private static final int LAST_SIGNAL = 31;
  /** The signals whose numbers Linux and macOS share; the others (7, 10, 12, 16 and up) differ between them. */
  private static final Map<Integer, String> SIGNAL_NAMES =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"));

  /**
   * The platform this JVM runs on, from {@code os.name}.
   *
   * @return the platform
   */
  public static Platform current() {
    return Current.PLATFORM;
  }

  /** The platform an {@code os.name} names: {@link #WINDOWS} for any name starting with "windows". */
  static Platform of(String osName) {
    return osName.toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : POSIX;
  }

  /** Looked up once; initialized on first use by the class-initialization lock, so every thread sees the one value. */
  private static final class Current {
    static final Platform PLATFORM = of(System.getProperty("os.name", ""));
  }

  /**
   * Converts a status from {@link Process#exitValue()} to Python's convention (minus the signal number).
   *
   * @param status the status the JDK reports
   * @return the status in Python's convention
   */
  public abstract int toPython(int status);

  /**
   * Creates the directory {@code path} so that only this user can enter it.
   *
   * @param path the directory to make
   * @return the directory
   * @throws java.nio.file.FileAlreadyExistsException if something is already there
   * @throws IOException if it cannot be made
   */
  public abstract Path createPrivateDirectory(Path path) throws IOException;

  /**
   * The longest path, in bytes, a Unix domain socket may be bound to here.
   *
   * @return the limit, in bytes
   */
  public abstract int maxSocketPathBytes();

  /**
   * Whether {@link #terminate} lets the process run its shutdown hooks ({@code SIGTERM}), unlike {@link #kill}.
   *
   * @return whether it does
   */
  public abstract boolean terminatesGracefully();

  /**
   * Asks {@code process} to stop: {@code SIGTERM} where there are signals; returns whether the request was made.
   *
   * @param process the process
   * @return whether the request was made
   */
  public boolean terminate(ProcessHandle process) {
    return process.destroy();
  }

  /**
   * Stops {@code process} at once ({@code SIGKILL}); returns whether the request was made.
   *
   * @param process the process
   * @return whether the request was made
   */
  public boolean kill(ProcessHandle process) {
    return process.destroyForcibly();
  }

  /**
   * Says in words what a Python-convention status means, for error messages.
   *
   * @param pythonStatus the status in Python's convention
   * @return the words
   */
  public String describe(int pythonStatus) {
    if (pythonStatus >= 0) {
      return "exit code " + pythonStatus;
    }
    int signal = -pythonStatus;
    String how = signal == 15 ? "terminated by " : "killed by ";
    return "exit code " + pythonStatus + " (" + how + SIGNAL_NAMES.getOrDefault(signal, "signal " + signal) + ")";
  }
}
