package dev.concurrency.sync.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.Mutex;
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
        () -> detector.newMutex("tracked"));
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

  @ParameterizedTest
  @MethodSource("fairness")
  void semaphore_mixedAcquisitions_neverOverCapacity_allPermitsBack(Fairness fairness) throws Exception {
    CountingSemaphore semaphore = CountingSemaphore.create(3, fairness);
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
