package dev.concurrency.model.internal;

import java.util.Locale;

/**
 * Formats nanosecond amounts for people: the unit is chosen so that the number stays short. Stateless and
 * thread-safe.
 */
public final class Durations {

  private static final long MICRO = 1_000L;
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private Durations() {}

  /**
   * Formats {@code nanos} with a unit: {@code 750 ns}, {@code 12.5 us}, {@code 340.0 ms}, {@code 2.000 s};
   * zero is {@code 0}. Negative amounts keep their sign.
   */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0";
    }
    long magnitude = Math.abs(nanos);
    if (magnitude < MICRO) {
      return nanos + " ns";
    }
    if (magnitude < MILLI) {
      return String.format(Locale.ROOT, "%.1f us", nanos / (double) MICRO);
    }
    if (magnitude < SECOND) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / (double) MILLI);
    }
    return String.format(Locale.ROOT, "%.3f s", nanos / (double) SECOND);
  }
}
