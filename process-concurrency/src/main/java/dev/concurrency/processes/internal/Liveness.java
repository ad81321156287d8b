package dev.concurrency.processes.internal;

import java.time.Instant;

/**
 * Whether a process, known by the pid and start time another process recorded, is still the same live process.
 *
 * <p>A pid alone is not enough: once a process is gone the operating system may give its number to a new one.
 * What records an owner (a lock's holder, a segment's tracker) records its start time too, and a live process
 * with that pid but another start time is taken for a new one, so the recorded owner is dead. Start times are
 * compared to the second: they are read from the operating system in milliseconds (Linux counts them in clock
 * ticks), and the same pid is not reused within a second in practice.
 *
 * <p>Stateless and thread-safe.
 */
public final class Liveness {

  /** This JVM's pid. */
  public static final long SELF_PID = ProcessHandle.current().pid();

  /** This JVM's start time in milliseconds since the epoch, or {@code 0} where the platform does not say. */
  public static final long SELF_START = startMillis(ProcessHandle.current());

  private static final long START_TOLERANCE_MILLIS = 1_000;

  private Liveness() {}

  /** Whether some live process has this pid. */
  public static boolean isAlive(long pid) {
    return pid == SELF_PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Whether the process recorded as {@code pid} started at {@code startMillis} is alive. A start time of
   * {@code 0} means it was not recorded (or not known): then the pid alone decides.
   */
  public static boolean isAlive(long pid, long startMillis) {
    if (pid == SELF_PID) {
      return startMillis == 0 || SELF_START == 0 || Math.abs(startMillis - SELF_START) <= START_TOLERANCE_MILLIS;
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(handle -> {
          long actual = startMillis(handle);
          return startMillis == 0 || actual == 0 || Math.abs(actual - startMillis) <= START_TOLERANCE_MILLIS;
        })
        .orElse(false);
  }

  private static long startMillis(ProcessHandle handle) {
    return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
