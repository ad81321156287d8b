package dev.concurrency.sync;

import dev.concurrency.sync.internal.Conditions;
import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.OwnedNode;
import dev.concurrency.sync.internal.Tracking;
import java.io.Serial;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * What the locks with an owner add: conditions, the owner, the hold count, and {@code ReentrantLock}'s
 * monitoring of a condition's waiters.
 */
abstract sealed class OwnedMutex extends AbstractMutex permits Mutex, ReentrantMutex {

  @Serial private static final long serialVersionUID = 1L;

  OwnedMutex(Fairness fairness, ExclusiveSync.Ownership ownership, @Nullable Tracking tracking) {
    super(fairness, ownership, tracking);
  }

  /** Whether the coming release gives the lock up completely, so the detectors must forget it. */
  abstract boolean releasesLastHold();

  @Override
  final void unlockTracked(LockNode tracked) {
    if (releasesLastHold()) {
      ((OwnedNode) tracked).release(sync, (lock, units) -> lock.release(units));
    } else {
      sync.release(1); // a reentrant hold, or a stranger's release that the synchronizer refuses
    }
  }

  /**
   * A new {@link Condition} of this lock, with the semantics of {@code ReentrantLock}'s conditions: awaiting
   * releases the lock fully and re-takes it before returning; awaiting or signalling without holding the lock
   * throws {@link IllegalMonitorStateException}; signalled waiters wake in the order they started waiting.
   */
  @Override
  public final Condition newCondition() {
    return sync.newCondition();
  }

  /**
   * Whether the calling thread holds this lock.
   *
   * @return whether the calling thread holds the lock
   */
  public final boolean isHeldByCurrentThread() {
    return sync.isOwnedByCurrentThread();
  }

  /**
   * How many times the calling thread holds this lock: 0 if it does not.
   *
   * @return the calling thread's holds
   */
  public final int getHoldCount() {
    return sync.isOwnedByCurrentThread() ? sync.holds() : 0;
  }

  /**
   * The thread that holds the lock, or null when it is free; for monitoring ({@code ReentrantLock.getOwner()},
   * protected there). The answer may be stale by the time it is read.
    *
    * @return the owner, or null
   */
  public final @Nullable Thread getOwner() {
    return sync.owner();
  }

  /**
   * Whether any thread waits on {@code condition}; the calling thread must hold the lock.
   *
    * @param condition a condition made by this lock's {@code newCondition()}
    * @return whether some thread waits on it
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public final boolean hasWaiters(Condition condition) {
    return sync.hasWaiters(Conditions.of(condition, sync));
  }

  /**
   * An estimate of how many threads wait on {@code condition}; the same checks as {@link #hasWaiters}.
   *
    * @param condition a condition made by this lock's {@code newCondition()}
    * @return the number of waiting threads, an estimate
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public final int getWaitQueueLength(Condition condition) {
    return sync.getWaitQueueLength(Conditions.of(condition, sync));
  }

  /**
   * The threads that may be waiting on {@code condition}, best effort; the same checks as {@link #hasWaiters}.
   *
    * @param condition a condition made by this lock's {@code newCondition()}
    * @return the waiting threads
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public final Collection<Thread> getWaitingThreads(Condition condition) {
    return sync.getWaitingThreads(Conditions.of(condition, sync));
  }

  /**
   * The name and state, as {@code ReentrantLock} shows it: {@code [Unlocked]} or {@code [Locked by thread t]}
   * (with {@code , count=n} for a reentrant lock, as Python's {@code RLock} shows its recursion count).
   */
  @Override
  public String toString() {
    Thread owner = sync.owner();
    return name() + (owner == null ? "[Unlocked]" : "[Locked by thread " + owner.getName() + holdsShown() + "]");
  }

  /** What {@link #toString()} adds after the owner's name. */
  String holdsShown() {
    return "";
  }
}
