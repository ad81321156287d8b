package dev.concurrency.processes.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pause between two looks at shared memory while waiting for another process: a few spins, then parks that
 * double from {@value #MIN_PARK_NANOS} ns to {@link #MAX_PARK_NANOS} ns. A process cannot wake a thread of
 * another one through the JDK, so cross-process waits poll; this bounds both the latency (at most about a
 * millisecond once the wait is long) and the cost of a long wait (a thousand cheap looks a second).
 *
 * <p>Not thread-safe: one per wait.
 */
public final class Backoff {

  /** The first park. */
  static final long MIN_PARK_NANOS = 20_000;

  /** The longest park. */
  public static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final int SPINS = 50;

  private int spins;
  private long park = MIN_PARK_NANOS;

  /**
   * Pauses once, never past {@code deadline} ({@link System#nanoTime()}, or {@link Long#MAX_VALUE} for none). An
   * interrupt ends the park early; the caller checks for it.
   */
  public void pause(long deadline) {
    if (spins < SPINS) {
      spins++;
      Thread.onSpinWait();
      return;
    }
    long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    LockSupport.parkNanos(Math.max(1, Math.min(park, left)));
    park = Math.min(2 * park, MAX_PARK_NANOS);
  }
}
