package dev.concurrency.sync.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.ReadWriteMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The read-write lock's fast paths: writers exclude each other (a lost update shows as 1), and a reader sees a
 * writer's two writes both or neither (a torn read shows as 1, 0 or 0, 1). The read path keeps its holds in
 * fields read in a benign race (the first and the last reader); these races are what would break it.
 */
public final class ReadWriteTests {

  private ReadWriteTests() {}

  /** Two writers increment a plain {@code int} under the write lock of a barging lock. */
  @JCStressTest
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments, one after the other")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "lost update: both writers were inside at once")
  @State
  public static class WritersExclude {
    private final ReadWriteMutex lock = ReadWriteMutex.create(Fairness.BARGING);
    private int count;

    @Actor
    public void first() {
      increment();
    }

    @Actor
    public void second() {
      increment();
    }

    private void increment() {
      lock.writeLock().lock();
      try {
        count++;
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Arbiter
    public void total(I_Result r) {
      r.r1 = count;
    }
  }

  /** A writer sets two fields under the write lock; a reader reads both under the read lock (fair lock). */
  @JCStressTest
  @Outcome(id = {"0, 0", "1, 1"}, expect = ACCEPTABLE, desc = "read before or after the write, whole")
  @Outcome(id = {"1, 0", "0, 1"}, expect = FORBIDDEN, desc = "torn: the reader was inside during the write")
  @State
  public static class ReaderSeesWholeWrites {
    private final ReadWriteMutex lock = ReadWriteMutex.create(Fairness.FAIR);
    private int x;
    private int y;

    @Actor
    public void writer() {
      lock.writeLock().lock();
      try {
        x = 1;
        y = 1;
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      lock.readLock().lock();
      try {
        r.r1 = x;
        r.r2 = y;
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /**
   * Two readers each read-lock and unlock twice, racing for the first-reader fields; a writer then must get the
   * lock (the read count back to zero, nothing left held), which the arbiter checks with the untimed tryLock.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "every read hold was given back")
  @Outcome(id = "0", expect = FORBIDDEN, desc = "a read hold was lost or counted twice")
  @State
  public static class ReadHoldsBalance {
    private final ReadWriteMutex lock = ReadWriteMutex.create(Fairness.BARGING);

    @Actor
    public void first() {
      readTwice();
    }

    @Actor
    public void second() {
      readTwice();
    }

    private void readTwice() {
      for (int i = 0; i < 2; i++) {
        lock.readLock().lock();
        lock.readLock().unlock();
      }
    }

    @Arbiter
    public void writable(I_Result r) {
      r.r1 = lock.writeLock().tryLock() ? 1 : 0;
    }
  }
}
