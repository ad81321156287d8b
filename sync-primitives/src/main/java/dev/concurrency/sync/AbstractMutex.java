package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.Tracking;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * What the exclusive locks share: the {@link Lock} methods on an {@link ExclusiveSync}, with the deadlock
 * detectors' calls around them when the lock came from a {@link DeadlockDetector} or a {@link LockOrdering},
 * and the monitoring methods of {@code ReentrantLock}.
 *
 * <p>Untracked locks ({@code node == null}) take the short path: one CAS to lock, one volatile write to
 * unlock, exactly as {@code ReentrantLock} does. A reentrant re-acquisition is never tracked: it cannot block.
 */
abstract sealed class AbstractMutex implements Lock, Serializable permits OwnedMutex, OwnerlessLock {

  @Serial private static final long serialVersionUID = 1L;

  // Never serialized: the lock travels as its SerializedLock form (writeReplace).
  final transient ExclusiveSync sync;
  final transient @Nullable LockNode node;
  private final transient String name;

  AbstractMutex(Fairness fairness, ExclusiveSync.Ownership ownership, @Nullable Tracking tracking) {
    this.sync = new ExclusiveSync(requireNonNull(fairness, "fairness").isFair(), ownership);
    this.node =
        tracking == null
            ? null
            : ownership == ExclusiveSync.Ownership.OWNERLESS
                ? tracking.tokens(sync, fairness.isFair(), 1, /* releaseAdds= */ false)
                : tracking.owned(sync);
    this.name = LockNode.nameOf(node, this);
  }

  /** Throws if the calling thread may not wait for this lock at all (a non-reentrant owner would hang). */
  void beforeQueue() {}

  /** Whether this acquisition is a reentrant re-take, which the detectors do not see. */
  boolean heldByMe() {
    return false;
  }

  /** Releases one hold of a tracked lock, with the detector's bookkeeping. */
  abstract void unlockTracked(LockNode tracked);

  /**
   * Acquires the lock, waiting as long as it takes; interrupts are remembered, not obeyed.
   *
   * @throws IllegalStateException if this is a non-reentrant {@link Mutex} the calling thread already holds
   * @throws PotentialDeadlockException if a detector with policy THROW sees a lock-order cycle
   * @throws LockOrderException if a {@link LockOrdering}'s rank order is violated
   * @throws DeadlockException if the wait-for graph finds that waiting would deadlock
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
      tracked.acquireUninterruptibly(1, sync, ExclusiveSync::attempt, ExclusiveSync::acquireOne);
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
      return;
    }
    checkInterrupt();
    tracked.acquire(
        1,
        /* timed= */ false,
        sync::attempt,
        () -> {
          sync.acquireInterruptibly(1);
          return true;
        });
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
      tracked.acquiredWithoutBlocking(1);
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
    checkInterrupt();
    return tracked.acquire(1, /* timed= */ true, sync::attempt, () -> sync.tryAcquireNanos(1, nanos));
  }

  private void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
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
    if (tracked == null) {
      sync.release(1);
    } else {
      unlockTracked(tracked);
    }
  }

  /**
   * Whether some thread holds the lock now; for monitoring, not for control.
   *
   * @return whether the lock is held
   */
  public final boolean isLocked() {
    return sync.holds() != 0;
  }

  /**
   * Whether the lock is fair.
   *
   * @return whether the lock is fair
   */
  public final boolean isFair() {
    return sync.isFair();
  }

  /**
   * Whether any thread is waiting to take the lock; for monitoring and tests.
   *
   * @return whether some thread is queued
   */
  public final boolean hasQueuedThreads() {
    return sync.hasQueuedThreads();
  }

  /**
   * Whether {@code thread} is waiting to take the lock; for monitoring and tests.
   *
    * @param thread the thread asked about
    * @return whether {@code thread} is queued
   * @throws NullPointerException if {@code thread} is null
   */
  public final boolean hasQueuedThread(Thread thread) {
    return sync.isQueued(requireNonNull(thread, "thread"));
  }

  /**
   * An estimate of how many threads are waiting to take the lock.
   *
   * @return the number of threads queued, an estimate
   */
  public final int getQueueLength() {
    return sync.getQueueLength();
  }

  /**
   * The threads that may be waiting to take the lock, in no particular order; a best-effort snapshot, for
   * monitoring ({@code ReentrantLock.getQueuedThreads()}, protected there).
    *
    * @return the queued threads
   */
  public final Collection<Thread> getQueuedThreads() {
    return sync.getQueuedThreads();
  }

  /**
   * The lock's name: the one given to a detector or ordering, or the class name and identity.
   *
   * @return the name
   */
  public final String name() {
    return name;
  }

  /**
   * Serializes the lock as {@code ReentrantLock} does: what comes back is a new, unlocked lock of the same
   * kind and fairness.
   *
   * @throws java.io.NotSerializableException if a detector or ordering made the lock: its graphs do not travel
   */
  @Serial
  final Object writeReplace() throws ObjectStreamException {
    return SerializedLock.of(this);
  }

  /**
   * Refuses a stream that holds the lock itself rather than its serialized form: such a stream was not written
   * by this class.
   *
   * @param in the stream
   * @throws InvalidObjectException always
   */
  @Serial
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a lock is read through its serialized form");
  }
}
