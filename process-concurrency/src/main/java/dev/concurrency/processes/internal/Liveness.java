package dev.concurrency.processes.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Whether a process, known by the pid and start time another process recorded, is still the same live process.
 *
 * <p>A pid alone is not enough: once a process is gone the operating system may give its number to a new one.
 * What records an owner (a lock's holder, a segment's tracker) records its start too, and a live process with
 * that pid but another start is taken for a new one, so the recorded owner is dead.
 *
 * <p>The start is a number every process reads alike ({@link #startMark}). On Linux it is the clock ticks from
 * boot to the process's start, field 22 of {@code /proc/<pid>/stat}, compared exactly: no change of the wall
 * clock moves it. The JDK's {@code ProcessHandle.Info.startInstant()} would not do: it adds those ticks to the
 * boot time that each JVM reads once, when it starts, from the wall clock; a JVM started after the clock was
 * stepped (NTP correcting a fresh machine, a resumed virtual machine) places every process's start by the size of
 * the step elsewhere than an older JVM does, and a live lock holder would look like a new process that reused a
 * dead one's pid, so that a waiter took its lock over. Elsewhere the start is the JDK's instant in milliseconds,
 * compared to the second.
 *
 * <p>Stateless and thread-safe.
 */
public final class Liveness {

  /** Field 22 of {@code /proc/<pid>/stat} (starttime), counted from the first field after the command's ")". */
  private static final int STARTTIME_AFTER_COMMAND = 22 - 3;

  /** Whether starts are clock ticks since boot, compared exactly (Linux), or milliseconds (elsewhere). */
  static final boolean TICKS = Files.isReadable(Path.of("/proc/self/stat"));

  private static final long START_TOLERANCE_MILLIS = 1_000;

  /** This JVM's pid. */
  public static final long SELF_PID = ProcessHandle.current().pid();

  /** This JVM's start ({@link #startMark}), or {@code 0} where the platform does not say. */
  public static final long SELF_START = startMark(SELF_PID);

  private Liveness() {}

  /** Whether some live process has this pid. */
  public static boolean isAlive(long pid) {
    return pid == SELF_PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Whether the process recorded as {@code pid} with the start {@code recordedStart} ({@link #startMark}) is
   * alive. A start of {@code 0} means it was not recorded (or not known): then the pid alone decides.
   */
  public static boolean isAlive(long pid, long recordedStart) {
    if (pid == SELF_PID) {
      return sameStart(recordedStart, SELF_START);
    }
    if (!isAlive(pid)) {
      return false;
    }
    return sameStart(recordedStart, startMark(pid));
  }

  private static boolean sameStart(long recorded, long actual) {
    if (recorded == 0 || actual == 0) {
      return true;
    }
    return TICKS ? recorded == actual : Math.abs(actual - recorded) <= START_TOLERANCE_MILLIS;
  }

  /**
   * The start of process {@code pid} as every process on this machine reads it: on Linux the clock ticks from boot
   * to its start; elsewhere milliseconds since the epoch. {@code 0} if the process is gone or the platform does not
   * say.
   */
  public static long startMark(long pid) {
    if (TICKS) {
      try {
        // readAllLines, not readString: on some JDKs readString of a procfs file, whose size reads as 0, comes
        // back cut short.
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat"));
        return lines.isEmpty() ? 0 : startTicks(lines.get(0));
      } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
        return 0; // gone, hidden or unreadable: the pid decides
      }
    }
    return ProcessHandle.of(pid)
        .flatMap(handle -> handle.info().startInstant())
        .map(Instant::toEpochMilli)
        .orElse(0L);
  }

  /**
   * The starttime field of a {@code /proc/<pid>/stat} line. The command, field 2, is in parentheses and may hold
   * spaces and parentheses itself, so the fields are counted from its last ")".
   *
   * @throws IllegalArgumentException if the line is not such a line
   */
  static long startTicks(String statLine) {
    int command = statLine.lastIndexOf(')');
    String[] fields = command < 0 ? new String[0] : statLine.substring(command + 1).trim().split(" +");
    if (fields.length <= STARTTIME_AFTER_COMMAND) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    return Long.parseLong(fields[STARTTIME_AFTER_COMMAND]);
  }
}
