package dev.concurrency.sync;

import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.Tracking;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A mutual-exclusion lock that is not reentrant and knows its owner: only the thread that took it may
 * release it, and a thread that asks again for a mutex it holds gets an exception instead of hanging.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=mutex}
 *
 * <p>It implements {@link java.util.concurrent.locks.Lock} with the semantics of {@code ReentrantLock}
 * except reentrancy: fair or barging ({@link Fairness}); {@code lock()} waits uninterruptibly;
 * {@code lockInterruptibly()} and the timed {@code tryLock} end early on interrupt; the untimed
 * {@code tryLock()} barges even when fair; {@link #newCondition()} gives conditions. Non-reentrancy is the
 * point: code that relies on re-entering a lock it holds usually has an invariant broken at the moment of
 * re-entry. Mutexes made by a {@link DeadlockDetector} or a {@link LockOrdering} are checked on each
 * blocking acquisition.
 *
 * <p>Cost: without a detector or ordering, the paths of {@code ReentrantLock} (one CAS to take, one volatile write
 * to release, allocation only when queueing). Measured on a shared 2-core machine, JDK 25, 2026-11-24: an
 * uncontended lock/unlock took 4.75 ns of CPU time against {@code ReentrantLock}'s 4.88 ns (medians of 16 JVMs; the
 * ratio inside each JVM 1.00, middle half 0.93-1.02); contended, JMH's medians over 9 and 8 side-by-side rounds were
 * 107 and 152 M ops/s with 2 and 4 threads against 105 and 155 M. Command and figures: the module README,
 * "Performance".
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions in a thread before {@code unlock()} <i>happen-before</i> actions
 * after a subsequent successful lock by another thread (see the {@linkplain dev.concurrency.sync package
 * documentation}).
 *
 * <p><b>Python:</b> {@code threading.Lock}, with two differences: Python's lock has no owner (any thread may
 * release it; {@link OwnerlessLock} keeps that), and re-acquiring it in the holding thread blocks forever
 * where this mutex throws.
 */
public final class Mutex extends OwnedMutex {

  @Serial private static final long serialVersionUID = 1L;

  Mutex(Fairness fairness, @Nullable Tracking tracking) {
    super(fairness, ExclusiveSync.Ownership.OWNED, tracking);
  }

  /**
   * A barging mutex.
   *
   * @return the mutex
   */
  public static Mutex create() {
    return new Mutex(Fairness.BARGING, null);
  }

  /**
   * A mutex with the given fairness.
   *
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the mutex
   */
  public static Mutex create(Fairness fairness) {
    return new Mutex(fairness, null);
  }

  @Override
  void beforeQueue() {
    if (sync.isOwnedByCurrentThread()) {
      throw new IllegalStateException(
          "thread '"
              + Thread.currentThread().getName()
              + "' already holds "
              + name()
              + " and a Mutex is not reentrant: waiting would deadlock; use ReentrantMutex to re-enter");
    }
  }

  @Override
  boolean releasesLastHold() {
    return sync.isOwnedByCurrentThread();
  }
}
