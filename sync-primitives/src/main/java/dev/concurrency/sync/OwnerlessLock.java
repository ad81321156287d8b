package dev.concurrency.sync;

import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.TokenNode;
import dev.concurrency.sync.internal.Tracking;
import java.io.Serial;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code threading.Lock} exactly: a lock with no owner, which any thread may release, and which
 * blocks (rather than throws) when the thread holding it asks again.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=ownerlessLock}
 *
 * <p>Use it as a binary signal between threads, or when porting Python code that releases a lock from
 * another thread; prefer {@link Mutex} for mutual exclusion, where a wrong release is a bug to catch. The
 * {@link java.util.concurrent.locks.Lock} methods behave as for {@link Mutex} except that {@code unlock()}
 * succeeds from any thread while locked, and {@link #newCondition()} is unsupported (a condition needs an
 * owner to give the lock back to). From a {@link DeadlockDetector}, a hold counts against the thread that
 * took it until some thread releases it; a thread locking it twice is found by the wait-for graph.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions before {@code unlock()} in any thread <i>happen-before</i> actions
 * after a subsequent successful lock in another.
 *
 * <p><b>Python:</b> {@code threading.Lock}; releasing it when unlocked raises {@code RuntimeError}, here
 * {@link IllegalStateException}.
 */
public final class OwnerlessLock extends AbstractMutex {

  @Serial private static final long serialVersionUID = 1L;

  OwnerlessLock(Fairness fairness, @Nullable Tracking tracking) {
    super(fairness, ExclusiveSync.Ownership.OWNERLESS, tracking);
  }

  /**
   * A barging ownerless lock.
   *
   * @return the lock
   */
  public static OwnerlessLock create() {
    return new OwnerlessLock(Fairness.BARGING, null);
  }

  /**
   * An ownerless lock with the given fairness.
   *
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the lock
   */
  public static OwnerlessLock create(Fairness fairness) {
    return new OwnerlessLock(fairness, null);
  }

  // Any thread may release: the node gives back the releasing thread's hold, or the oldest holder's.
  @Override
  void unlockTracked(LockNode tracked) {
    ((TokenNode) tracked).release(sync, 1, (lock, units) -> lock.release(units));
  }

  /**
   * Unsupported: a condition wait gives the lock back to its owner, and this lock has none.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException(
        "an OwnerlessLock has no owner to give back to after a condition wait; use Mutex or ReentrantMutex");
  }

  /** The name and state: {@code [Unlocked]} or {@code [Locked]} (there is no owner to name). */
  @Override
  public String toString() {
    return name() + (isLocked() ? "[Locked]" : "[Unlocked]");
  }
}
