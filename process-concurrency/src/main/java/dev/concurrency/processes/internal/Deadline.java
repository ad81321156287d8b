package dev.concurrency.processes.internal;

import java.time.Duration;

/**
 * Deadlines as {@link System#nanoTime()} values: {@link RobustLock#FOREVER} for none, a time already passed to
 * try once.
 *
 * <p>Stateless and thread-safe.
 */
public final class Deadline {

  private Deadline() {}

  /**
   * The deadline {@code timeout} from now: a negative timeout is zero (try once), as in Python's
   * {@code multiprocessing}; one too long to count in nanoseconds (about 292 years) is none.
   */
  public static long after(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      return System.nanoTime();
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      return RobustLock.FOREVER;
    }
    long now = System.nanoTime();
    return nanos >= RobustLock.FOREVER - now || now + nanos == RobustLock.FOREVER ? RobustLock.FOREVER : now + nanos;
  }

  /** Whether {@code deadline} has passed. */
  public static boolean passed(long deadline) {
    return deadline != RobustLock.FOREVER && System.nanoTime() - deadline >= 0;
  }
}
