package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

/**
 * A condition variable's wait and notify over a {@link RobustLock} and a {@link WaiterTable}, for the shared
 * condition and barrier.
 *
 * <p>Thread-safe and process-safe; each method says whether the caller holds the lock.
 */
public final class ConditionCore {

  private final RobustLock lock;
  private final WaiterTable waiters;

  /** The condition of {@code lock} whose waiters are in {@code waiters}. */
  public ConditionCore(RobustLock lock, WaiterTable waiters) {
    this.lock = requireNonNull(lock, "lock");
    this.waiters = requireNonNull(waiters, "waiters");
  }

  /**
   * Releases the lock (all holds), waits until notified or until {@code deadline}, and holds the lock again as
   * before; the caller holds it.
   *
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   * @throws IllegalStateException if the waiter table is full
   */
  public WaiterTable.Outcome await(long deadline, boolean interruptible) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("cannot wait on a condition whose lock this thread does not hold");
    }
    int slot = waiters.enlist();
    int holds = lock.releaseAll();
    WaiterTable.Outcome outcome;
    try {
      outcome = waiters.await(slot, deadline, interruptible);
    } finally {
      lock.reacquire(holds);
      waiters.leave(slot);
    }
    return outcome;
  }

  /**
   * Wakes up to {@code n} waiters, the longest waiting first; the caller holds the lock.
   *
   * @return how many were woken
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  public int signal(int n) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("cannot notify on a condition whose lock this thread does not hold");
    }
    return waiters.wake(n);
  }

  /** How many live waiters wait now. */
  public int waiting() {
    return waiters.waiting();
  }
}
