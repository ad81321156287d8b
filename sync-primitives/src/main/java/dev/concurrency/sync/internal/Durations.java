package dev.concurrency.sync.internal;

import java.time.Duration;

/** Checks of the {@link Duration} arguments the API takes. Stateless and thread-safe. */
public final class Durations {

  private Durations() {}

  /** {@code timeout} in nanoseconds (saturated); rejects null and negative values with a clear message. */
  public static long nanos(Duration timeout) {
    if (timeout == null) {
      throw new NullPointerException("timeout is null: pass a Duration, Duration.ZERO not to wait");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "timeout must not be negative, was " + timeout + ": pass Duration.ZERO not to wait");
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Rejects a count below one, naming what was counted. */
  public static int positive(int count, String what) {
    if (count < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + count);
    }
    return count;
  }
}
