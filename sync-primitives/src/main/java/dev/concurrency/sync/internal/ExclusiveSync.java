package dev.concurrency.sync.internal;

import java.io.Serial;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * The synchronizer behind every exclusive lock of this module: state {@code 0} is free, {@code n > 0} is held
 * ({@code n} times when reentrant).
 *
 * <p>One class serves the owned, reentrant and ownerless locks because the three differ only in who may
 * release and whether the owner may take the lock again; the {@code final} fields make those branches free
 * once the JIT has seen them.
 *
 * <p>Thread-safe. Memory consistency effects: those of {@link AbstractQueuedSynchronizer}: a release
 * happens-before every acquire that observes its state change.
 */
public final class ExclusiveSync extends AbstractQueuedSynchronizer {

  @Serial private static final long serialVersionUID = 1L;

  /** Who may take the lock again and who may release it. */
  public enum Ownership {
    /** One owner; taking it again is an error; only the owner releases. */
    OWNED,
    /** One owner, who may take it again; only the owner releases. */
    REENTRANT,
    /** No owner: any thread may release, as with Python's {@code threading.Lock}. */
    OWNERLESS
  }

  private final boolean fair;
  private final Ownership ownership;

  /** A free lock. */
  public ExclusiveSync(boolean fair, Ownership ownership) {
    this.fair = fair;
    this.ownership = ownership;
  }

  // The count is 1 except when a condition wait gives back, and then restores, a reentrant lock's holds.
  @Override
  protected boolean tryAcquire(int holds) {
    int c = getState();
    if (c == 0) {
      if ((!fair || !hasQueuedPredecessors()) && compareAndSetState(0, holds)) {
        if (ownership != Ownership.OWNERLESS) {
          setExclusiveOwnerThread(Thread.currentThread());
        }
        return true;
      }
      return false;
    }
    return ownership == Ownership.REENTRANT && reenter(c, holds);
  }

  private boolean reenter(int c, int holds) {
    if (getExclusiveOwnerThread() != Thread.currentThread()) {
      return false;
    }
    int next = c + holds;
    if (next < 0) {
      throw new IllegalStateException("maximum hold count of a reentrant lock exceeded");
    }
    setState(next);
    return true;
  }

  /** Takes the lock now if it is free, ignoring fairness (as {@code ReentrantLock.tryLock()} does). */
  public boolean barge() {
    int c = getState();
    if (c == 0 && compareAndSetState(0, 1)) {
      if (ownership != Ownership.OWNERLESS) {
        setExclusiveOwnerThread(Thread.currentThread());
      }
      return true;
    }
    return c != 0 && ownership == Ownership.REENTRANT && reenter(c, 1);
  }

  /**
   * The first attempt of {@code lock()}: for a barging lock one CAS from free before any read, as
   * {@code ReentrantLock}'s {@code initialTryLock}, since reading a contended state first costs a second
   * transfer of its cache line; then {@link #attempt()}, which honours fairness and re-entry.
   */
  public boolean attemptFirst() {
    if (!fair && compareAndSetState(0, 1)) {
      if (ownership != Ownership.OWNERLESS) {
        setExclusiveOwnerThread(Thread.currentThread());
      }
      return true;
    }
    return tryAcquire(1);
  }

  /** Takes the lock, queueing uninterruptibly as long as needed. */
  public void acquireOne() {
    acquire(1);
  }

  /** Takes the lock now if it is free and fairness allows; does not queue. */
  public boolean attempt() {
    return tryAcquire(1);
  }

  @Override
  protected boolean tryRelease(int holds) {
    if (ownership == Ownership.OWNERLESS) {
      // CAS, not setState: two threads may race to release an ownerless lock, and only one may win.
      if (!compareAndSetState(1, 0)) {
        throw new IllegalStateException("release of a lock that is not locked: lock it first");
      }
      return true;
    }
    Thread owner = getExclusiveOwnerThread();
    if (owner == null) {
      throw new IllegalMonitorStateException(
          "thread '" + Thread.currentThread().getName() + "' released a lock that is not locked: lock it first");
    }
    if (owner != Thread.currentThread()) {
      throw new IllegalMonitorStateException(
          "thread '"
              + Thread.currentThread().getName()
              + "' released a lock held by thread '"
              + owner.getName()
              + "': only the owner may release it (to release from another thread, as Python's"
              + " threading.Lock allows, use OwnerlessLock)");
    }
    int next = getState() - holds;
    boolean free = next == 0;
    if (free) {
      setExclusiveOwnerThread(null);
    }
    setState(next);
    return free;
  }

  @Override
  protected boolean isHeldExclusively() {
    return ownership == Ownership.OWNERLESS
        ? getState() != 0
        : getExclusiveOwnerThread() == Thread.currentThread();
  }

  /** Whether the calling thread owns the lock (always false for ownerless locks). */
  public boolean isOwnedByCurrentThread() {
    return ownership != Ownership.OWNERLESS && getExclusiveOwnerThread() == Thread.currentThread();
  }

  /** The owner, or null when free or ownerless. */
  public @Nullable Thread owner() {
    return getExclusiveOwnerThread();
  }

  /** How many times the lock is held. */
  public int holds() {
    return getState();
  }

  /** Whether the lock is fair. */
  public boolean isFair() {
    return fair;
  }

  /** A new condition bound to this lock. */
  public Condition newCondition() {
    return new ConditionObject();
  }
}
