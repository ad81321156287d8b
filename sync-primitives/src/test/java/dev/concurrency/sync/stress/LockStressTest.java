package dev.concurrency.sync.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockException;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.ReadWriteMutex;
import dev.concurrency.sync.ReentrantMutex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jcstress-style hammering of the fast paths, opt-in: {@code mvn -B -o -pl sync-primitives -am verify -Pstress}.
 * Four threads mix every acquisition form as fast as they can; the invariants (never two inside, no lost
 * update, every permit back) are checked on every pass and at the end.
 */
@Tag("stress")
@Timeout(120)
final class LockStressTest {

  private static final int THREADS = 4;
  private static final int PASSES = 200_000;

  static List<Supplier<Lock>> locks() {
    DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
    return List.of(
        Mutex::create,
        () -> Mutex.create(Fairness.FAIR),
        ReentrantMutex::create,
        () -> ReentrantMutex.create(Fairness.FAIR),
        () -> detector.newMutex("tracked"),
        () -> detector.newMutex("tracked-fair", Fairness.FAIR),
        () -> ReadWriteMutex.create().writeLock(),
        () -> ReadWriteMutex.create(Fairness.FAIR).writeLock(),
        () -> detector.newReadWriteMutex("tracked-rw").writeLock());
  }

  @ParameterizedTest
  @MethodSource("locks")
  void mixedAcquisitions_neverTwoInside_noLostUpdate(Supplier<Lock> make) throws Exception {
    Lock lock = make.get();
    AtomicInteger inside = new AtomicInteger();
    long[] counter = {0};
    long[] entered = new long[THREADS];
    hammer(
        index -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int pass = 0; pass < PASSES; pass++) {
            boolean got =
                switch (random.nextInt(4)) {
                  case 0 -> {
                    lock.lock();
                    yield true;
                  }
                  case 1 -> lock.tryLock();
                  case 2 -> lock.tryLock(random.nextInt(20), TimeUnit.MICROSECONDS);
                  default -> {
                    lock.lockInterruptibly();
                    yield true;
                  }
                };
            if (got) {
              try {
                if (inside.incrementAndGet() != 1) {
                  throw new AssertionError("two threads inside the lock at once");
                }
                counter[0]++;
                entered[index]++;
                inside.decrementAndGet();
              } finally {
                lock.unlock();
              }
            }
          }
        });
    lock.lock();
    try {
      long total = 0;
      for (long mine : entered) {
        total += mine;
      }
      assertThat(counter[0]).isEqualTo(total);
    } finally {
      lock.unlock();
    }
  }

  static List<Supplier<CountingSemaphore>> semaphores() {
    return List.of(
        () -> CountingSemaphore.create(3),
        () -> CountingSemaphore.create(3, Fairness.FAIR),
        () -> DeadlockDetector.create(DeadlockPolicy.THROW).newSemaphore("tracked", 3),
        () -> DeadlockDetector.create(DeadlockPolicy.THROW).newBoundedSemaphore("tracked-fair", 3, Fairness.FAIR));
  }

  // The tracked semaphores run with the wait-for graph on: a thread never holds a permit while it waits, so a
  // refusal here would be a false deadlock
  @ParameterizedTest
  @MethodSource("semaphores")
  void semaphore_mixedAcquisitions_neverOverCapacity_allPermitsBack(Supplier<CountingSemaphore> make)
      throws Exception {
    CountingSemaphore semaphore = make.get();
    AtomicInteger inUse = new AtomicInteger();
    hammer(
        index -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int pass = 0; pass < PASSES; pass++) {
            int want = 1 + random.nextInt(2);
            boolean got =
                switch (random.nextInt(3)) {
                  case 0 -> {
                    semaphore.acquire(want);
                    yield true;
                  }
                  case 1 -> semaphore.tryAcquire(want);
                  default -> semaphore.tryAcquire(want, Duration.ofNanos(random.nextInt(20_000)));
                };
            if (got) {
              if (inUse.addAndGet(want) > 3) {
                throw new AssertionError("more than 3 permits in use");
              }
              inUse.addAndGet(-want);
              semaphore.release(want);
            }
          }
        });
    assertThat(semaphore.availablePermits()).isEqualTo(3);
  }

  static List<Fairness> fairness() {
    return List.of(Fairness.values());
  }

  // Readers never see a writer inside, and writers never see anyone else inside
  @ParameterizedTest
  @MethodSource("fairness")
  void readWrite_mixedAcquisitions_readersShareWritersExclude(Fairness fairness) throws Exception {
    ReadWriteMutex lock = DeadlockDetector.create(DeadlockPolicy.THROW).newReadWriteMutex("rw", fairness);
    AtomicInteger readers = new AtomicInteger();
    AtomicInteger writers = new AtomicInteger();
    hammer(
        index -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int pass = 0; pass < PASSES / 4; pass++) {
            if (random.nextInt(4) == 0) {
              Lock write = lock.writeLock();
              if (random.nextBoolean() ? write.tryLock(random.nextInt(20), TimeUnit.MICROSECONDS) : lockNow(write)) {
                try {
                  if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                    throw new AssertionError("a writer with company");
                  }
                  writers.decrementAndGet();
                } finally {
                  write.unlock();
                }
              }
            } else {
              Lock read = lock.readLock();
              if (random.nextBoolean() ? read.tryLock() : lockNow(read)) {
                try {
                  readers.incrementAndGet();
                  if (writers.get() != 0) {
                    throw new AssertionError("a reader beside a writer");
                  }
                  readers.decrementAndGet();
                } finally {
                  read.unlock();
                }
              }
            }
          }
        });
    assertThat(lock.isWriteLocked()).isFalse();
    assertThat(lock.getReadLockCount()).isZero();
  }

  private static boolean lockNow(Lock lock) {
    lock.lock();
    return true;
  }

  // The wait-for graph under churn: four threads take two of five tracked locks, always in rank order, as fast
  // as they can. No deadlock is possible, so the graph must refuse nobody (no false positive under races)
  @ParameterizedTest
  @MethodSource("fairness")
  void waitForGraph_locksTakenInOneOrder_nobodyIsEverRefused(Fairness fairness) throws Exception {
    DeadlockDetector detector =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();
    Mutex[] locks = new Mutex[5];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = detector.newMutex("lock-" + i, fairness);
    }
    hammer(
        index -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int pass = 0; pass < PASSES / 20; pass++) {
            int first = random.nextInt(locks.length);
            int second = random.nextInt(locks.length);
            Mutex low = locks[Math.min(first, second)];
            Mutex high = locks[Math.max(first, second)];
            low.lock();
            try {
              if (high != low) {
                high.lock();
                high.unlock();
              }
            } finally {
              low.unlock();
            }
          }
        });
  }

  // ... and in any order: deadlocks happen, each is refused in one thread, which backs off; nothing ever hangs
  @ParameterizedTest
  @MethodSource("fairness")
  void waitForGraph_locksTakenInAnyOrder_neverHangs(Fairness fairness) throws Exception {
    DeadlockDetector detector =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();
    Mutex[] locks = new Mutex[3];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = detector.newMutex("lock-" + i, fairness);
    }
    AtomicInteger refused = new AtomicInteger();
    hammer(
        index -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int pass = 0; pass < PASSES / 20; pass++) {
            Mutex first = locks[random.nextInt(locks.length)];
            Mutex second = locks[random.nextInt(locks.length)];
            if (first == second) {
              continue;
            }
            first.lock();
            try {
              second.lock();
              second.unlock();
            } catch (DeadlockException victim) {
              refused.incrementAndGet(); // back off: the finally releases the first lock
            } finally {
              first.unlock();
            }
          }
        });
    for (Mutex lock : locks) {
      assertThat(lock.isLocked()).isFalse();
    }
  }

  /** A pass of the hammer on one thread. */
  @FunctionalInterface
  interface Body {
    void run(int index) throws Exception;
  }

  private static void hammer(Body body) throws Exception {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      threads.add(
          Thread.ofPlatform()
              .name("hammer-" + t)
              .start(
                  () -> {
                    try {
                      body.run(index);
                    } catch (Throwable failure) {
                      failures.add(failure);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }
}
