package dev.concurrency.sync.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.OwnerlessLock;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Mutual exclusion on the locks' fast paths: two threads increment a plain {@code int} under the lock (a lost
 * update shows as 1), and two threads race {@code tryLock()} on a free lock (exactly one must win: both winning
 * breaks exclusion, neither winning means the compare-and-set loop gave up on a free lock).
 */
public final class MutexExclusionTests {

  private MutexExclusionTests() {}

  /** A plain {@code int} incremented under a lock: only the lock makes the increments exclusive and visible. */
  static final class LockedCounter {
    private final Lock lock;
    private int count;

    LockedCounter(Lock lock) {
      this.lock = lock;
    }

    void increment() {
      lock.lock();
      try {
        count++;
      } finally {
        lock.unlock();
      }
    }

    int count() {
      return count;
    }
  }

  // jcstress's processor reads the actors of each test class itself (not inherited ones), so each lock kind
  // spells out its two actors and its arbiter over the shared LockedCounter.

  /** A barging {@link Mutex}. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments, one after the other")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "lost update: both threads were inside at once")
  @State
  public static class BargingMutex {
    private final LockedCounter counter = new LockedCounter(Mutex.create(Fairness.BARGING));

    @Actor
    public void first() {
      counter.increment();
    }

    @Actor
    public void second() {
      counter.increment();
    }

    @Arbiter
    public void total(I_Result r) {
      r.r1 = counter.count();
    }
  }

  /** A fair {@link Mutex}, and Python's ownerless {@code threading.Lock}, in one test: each its own counter. */
  @JCStressTest
  @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "both increments on both locks")
  @Outcome(id = {"1, 2", "2, 1", "1, 1"}, expect = FORBIDDEN, desc = "lost update on the fair mutex (first) or "
      + "the ownerless lock (second)")
  @State
  public static class FairAndOwnerless {
    private final LockedCounter fair = new LockedCounter(Mutex.create(Fairness.FAIR));
    private final LockedCounter ownerless = new LockedCounter(OwnerlessLock.create());

    @Actor
    public void first() {
      fair.increment();
      ownerless.increment();
    }

    @Actor
    public void second() {
      ownerless.increment();
      fair.increment();
    }

    @Arbiter
    public void totals(II_Result r) {
      r.r1 = fair.count();
      r.r2 = ownerless.count();
    }
  }

  /**
   * The control: the same increments with no lock at all. jcstress should report the lost update here (as
   * "interesting"), which shows that the harness and these settings can catch a lock that does not exclude.
   */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "the increments happened not to overlap")
  @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "lost update, as expected without a lock")
  @State
  public static class NoLockControl {
    private int count;

    @Actor
    public void first() {
      count++;
    }

    @Actor
    public void second() {
      count++;
    }

    @Arbiter
    public void total(I_Result r) {
      r.r1 = count;
    }
  }

  /** Two {@code tryLock()} calls on a free barging mutex: exactly one wins. */
  @JCStressTest
  @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "one thread took the lock")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "both took it")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "neither took a free lock")
  @State
  public static class TryLockRace {
    private final Mutex mutex = Mutex.create(Fairness.BARGING);

    @Actor
    public void first(II_Result r) {
      r.r1 = mutex.tryLock() ? 1 : 0;
    }

    @Actor
    public void second(II_Result r) {
      r.r2 = mutex.tryLock() ? 1 : 0;
    }
  }
}
