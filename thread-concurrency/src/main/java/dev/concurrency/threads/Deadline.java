package dev.concurrency.threads;

import java.time.Duration;

/**
 * A time limit on {@link System#nanoTime()} that cannot overflow: it keeps when it started and how long it is, so
 * {@code Long.MAX_VALUE} nanoseconds (or a {@code Duration} of centuries) means "no practical limit" rather than a
 * deadline that wrapped into the past. Immutable.
 */
final class Deadline {

  private final long start;
  private final long nanos;

  private Deadline(long nanos) {
    this.start = System.nanoTime();
    this.nanos = Math.max(0, nanos); // a negative timeout has already expired
  }

  /** A limit {@code nanos} from now; zero or negative is already expired. */
  static Deadline after(long nanos) {
    return new Deadline(nanos);
  }

  /** A limit {@code timeout} from now, however long. */
  static Deadline after(Duration timeout) {
    return new Deadline(saturatedNanos(timeout));
  }

  /** Nanoseconds left, zero or negative once expired. */
  long remainingNanos() {
    return nanos - (System.nanoTime() - start);
  }

  /** {@code d} in nanoseconds, {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE} where it does not fit. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
