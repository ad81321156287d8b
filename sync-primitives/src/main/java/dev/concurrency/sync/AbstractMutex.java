package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.LockNode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * What the exclusive locks share: the {@link Lock} methods on an {@link ExclusiveSync}, with the deadlock
 * detector's calls around them when the lock came from a {@link DeadlockDetector} or a {@link LockOrdering}.
 *
 * <p>Untracked locks ({@code node == null}) take the short path: one CAS to lock, one to unlock, exactly as
 * {@code ReentrantLock} does. A reentrant re-acquisition is never tracked: it cannot block.
 */
abstract sealed class AbstractMutex implements Lock permits Mutex, ReentrantMutex, OwnerlessLock {

  final ExclusiveSync sync;
  final @Nullable LockNode node;
  private final String name;

  AbstractMutex(Fairness fairness, ExclusiveSync.Ownership ownership, @Nullable LockNode node) {
    this.sync = new ExclusiveSync(requireNonNull(fairness, "fairness").isFair(), ownership);
    this.node = node;
    if (node != null && ownership != ExclusiveSync.Ownership.OWNERLESS) {
      node.ownedBy(sync);
    }
    this.name = LockNode.nameOf(node, this);
  }

  /** Throws if the calling thread may not wait for this lock at all (a non-reentrant owner would hang). */
  void beforeQueue() {}

  /** Whether this acquisition is a reentrant re-take, which the trackers do not see. */
  boolean heldByMe() {
    return false;
  }

  /** Whether the coming release gives the lock up completely, so the trackers must forget it. */
  abstract boolean releasesLastHold();

  /**
   * Acquires the lock, waiting as long as it takes; interrupts are remembered, not obeyed.
   *
   * @throws IllegalStateException if this is a non-reentrant {@link Mutex} the calling thread already holds
   * @throws PotentialDeadlockException if a detector with policy THROW sees a lock-order cycle
   * @throws LockOrderException if a {@link LockOrdering}'s rank order is violated
   * @throws DeadlockException if a detector's wait-for graph finds that waiting would deadlock
   */
  @Override
  public final void lock() {
    LockNode tracked = node;
    if (tracked == null && sync.attemptFirst()) {
      return; // the uncontended path: one CAS, as in ReentrantLock
    }
    beforeQueue();
    if (tracked == null || heldByMe()) {
      sync.acquire(1);
    } else {
      tracked.acquireUninterruptibly(sync, ExclusiveSync::attempt, ExclusiveSync::acquireOne);
    }
  }

  /**
   * Acquires the lock unless the thread is interrupted first; the same exceptions as {@link #lock()}.
   *
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; the lock is not
   *     taken and the interrupt status is cleared
   */
  @Override
  public final void lockInterruptibly() throws InterruptedException {
    beforeQueue();
    LockNode tracked = node;
    if (tracked == null || heldByMe()) {
      sync.acquireInterruptibly(1);
    } else {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before acquiring " + name);
      }
      tracked.acquire(
          sync::attempt,
          () -> {
            sync.acquireInterruptibly(1);
            return true;
          });
    }
  }

  /**
   * Takes the lock if it is free now, even when fair (as {@code ReentrantLock.tryLock()} does); never waits,
   * so it never fails a deadlock check.
   *
   * @return whether the lock was taken
   */
  @Override
  public final boolean tryLock() {
    if (!sync.barge()) {
      return false;
    }
    LockNode tracked = node;
    if (tracked != null && sync.holds() == 1) {
      tracked.acquiredWithoutBlocking();
    }
    return true;
  }

  /**
   * Takes the lock if it becomes free within the wait; a wait of zero or less does not wait, as in
   * {@link Lock#tryLock(long, TimeUnit)}. Honours fairness. The same exceptions as {@link #lock()}.
   *
   * @return true if taken, false if the time ran out first
   * @throws InterruptedException if interrupted on entry or while waiting; the lock is not taken
   */
  @Override
  public final boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    beforeQueue();
    long nanos = unit.toNanos(time);
    LockNode tracked = node;
    if (tracked == null || heldByMe()) {
      return sync.tryAcquireNanos(1, nanos);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
    return tracked.acquire(sync::attempt, () -> sync.tryAcquireNanos(1, nanos));
  }

  /**
   * Releases one hold of the lock.
   *
   * @throws IllegalMonitorStateException if the lock has an owner and it is not the calling thread
   * @throws IllegalStateException if the lock is ownerless and not locked
   */
  @Override
  public final void unlock() {
    LockNode tracked = node;
    if (tracked != null && releasesLastHold()) {
      tracked.releasing();
    }
    sync.release(1);
  }

  /**
   * A new {@link Condition} of this lock, with the semantics of {@code ReentrantLock}'s conditions: awaiting
   * releases the lock fully and re-takes it before returning; awaiting or signalling without holding the
   * lock throws {@link IllegalMonitorStateException}.
   */
  @Override
  public Condition newCondition() {
    return sync.newCondition();
  }

  /** Whether some thread holds the lock now; for monitoring, not for control. */
  public final boolean isLocked() {
    return sync.holds() != 0;
  }

  /** Whether the lock is fair. */
  public final boolean isFair() {
    return sync.isFair();
  }

  /** Whether any thread is waiting to take the lock; for monitoring and tests. */
  public final boolean hasQueuedThreads() {
    return sync.hasQueuedThreads();
  }

  /** Whether {@code thread} is waiting to take the lock; for monitoring and tests. */
  public final boolean hasQueuedThread(Thread thread) {
    return sync.isQueued(requireNonNull(thread, "thread"));
  }

  /** An estimate of how many threads are waiting to take the lock. */
  public final int getQueueLength() {
    return sync.getQueueLength();
  }

  /** The lock's name: the one given to a detector or ordering, or the class name and identity. */
  public final String name() {
    return name;
  }

  @Override
  public String toString() {
    Thread owner = sync.owner();
    return name
        + (owner != null
            ? "[locked by thread '" + owner.getName() + "']"
            : isLocked() ? "[locked]" : "[unlocked]");
  }
}
