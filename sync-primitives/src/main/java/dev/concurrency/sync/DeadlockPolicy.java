package dev.concurrency.sync;

/**
 * What a {@link DeadlockDetector} does when an acquisition would close a lock-order cycle.
 *
 * <p>Immutable and thread-safe, as every enum is.
 *
 * <p><b>Python:</b> none; the closest is running CPython under a lock-order checker such as the Linux
 * kernel's lockdep, which this follows.
 */
public enum DeadlockPolicy {
  /** Refuse the acquisition with a {@link PotentialDeadlockException}, before taking the lock. */
  THROW,
  /** Report the cycle once to the detector's warning handler (by default, the log) and take the lock. */
  WARN,
  /** Check nothing; the locks cost what untracked ones cost, plus the bookkeeping of who holds what. */
  DISABLED
}
