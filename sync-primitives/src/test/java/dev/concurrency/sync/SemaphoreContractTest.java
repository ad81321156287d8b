package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semaphore contract, run on the counting and bounded semaphores, fair and barging, plain and from a
 * detector. Cases are rewritten from the JSR-166 TCK's {@code SemaphoreTest} and CPython's
 * {@code lock_tests.py} ({@code BaseSemaphoreTests}, {@code SemaphoreTests}, {@code BoundedSemaphoreTests}).
 */
@Timeout(30)
final class SemaphoreContractTest {

  /** One implementation: a factory from the initial permits, and whether it is bounded. */
  record Kind(String name, IntFunction<CountingSemaphore> make, boolean bounded) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Kind> kinds() {
    return List.of(
        new Kind("CountingSemaphore barging", CountingSemaphore::create, false),
        new Kind("CountingSemaphore fair", n -> CountingSemaphore.create(n, Fairness.FAIR), false),
        new Kind("BoundedSemaphore barging", BoundedSemaphore::create, true),
        new Kind("BoundedSemaphore fair", n -> BoundedSemaphore.create(n, Fairness.FAIR), true),
        new Kind(
            "CountingSemaphore from DeadlockDetector",
            n -> DeadlockDetector.builder().detectDeadlocks(false).build().newSemaphore("s", n),
            false),
        new Kind(
            "BoundedSemaphore from DeadlockDetector",
            // Without the wait-for graph, which would (by design) refuse a holder's wait for its own semaphore.
            n -> DeadlockDetector.builder().detectDeadlocks(false).build().newBoundedSemaphore("b", n),
            true));
  }

  // CPython BaseSemaphoreTests.test_constructor (the TCK allows negative permits; Python and we do not)
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void create_negativePermits_isRejected(Kind kind) {
    assertThatThrownBy(() -> kind.make().apply(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThat(kind.make().apply(0).availablePermits()).isZero();
  }

  // TCK SemaphoreTest.testAcquireReleaseInSameThread; CPython BaseSemaphoreTests.test_acquire
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void acquireRelease_sameThread_countsPermits(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(2);
    semaphore.acquire();
    semaphore.acquireUninterruptibly(1);
    assertThat(semaphore.availablePermits()).isZero();
    semaphore.release();
    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(2);
  }

  // TCK SemaphoreTest.testTryAcquireInSameThread; CPython BaseSemaphoreTests.test_nonblocking
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void tryAcquire_noPermitLeft_returnsFalse(Kind kind) {
    CountingSemaphore semaphore = kind.make().apply(2);
    assertThat(semaphore.tryAcquire()).isTrue();
    assertThat(semaphore.tryAcquire(2)).isFalse();
    assertThat(semaphore.tryAcquire(1)).isTrue();
    assertThat(semaphore.tryAcquire()).isFalse();
    semaphore.release(2);
  }

  // TCK SemaphoreTest.testTryAcquire_timeout; CPython BaseSemaphoreTests.test_acquire_timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void tryAcquireTimed_noPermit_timesOutAfterTheTimeout(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(1);
    assertThat(semaphore.tryAcquire(Duration.ZERO)).isTrue();
    long start = System.nanoTime();

    assertThat(semaphore.tryAcquire(TestThreads.SHORT)).isFalse();

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
    semaphore.release();
    assertThat(semaphore.tryAcquire(1, Duration.ZERO)).isTrue();
    semaphore.release();
  }

  // CPython lock_tests.py BaseLockTests.test_timeout (invalid timeout values)
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void badArguments_areRejectedWithTheReason(Kind kind) {
    CountingSemaphore semaphore = kind.make().apply(1);
    assertThatThrownBy(() -> semaphore.tryAcquire(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> semaphore.acquire(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> semaphore.release(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // TCK SemaphoreTest.testReleaseAcquireDifferentThreads
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void acquire_waitsUntilAnotherThreadReleases(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(1);
    semaphore.acquire();
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                semaphore.acquire();
                semaphore.release();
              });
      TestThreads.await("waiter queues", () -> semaphore.hasQueuedThread(waiter));
      assertThat(semaphore.getQueueLength()).isEqualTo(1);
      semaphore.release();
    }
    assertThat(semaphore.availablePermits()).isEqualTo(1);
    assertThat(semaphore.hasQueuedThreads()).isFalse();
  }

  // TCK SemaphoreTest.testAcquire_InterruptedException (and the timed form)
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void acquire_interruptedWhileWaiting_throwsAndTakesNothing(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(1);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> assertThatThrownBy(() -> semaphore.acquire(2)).isInstanceOf(InterruptedException.class));
      TestThreads.await("waiter queues", () -> semaphore.hasQueuedThread(waiter));
      waiter.interrupt();
      TestThreads.join(waiter);
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> semaphore.tryAcquire(Duration.ofDays(1))).isInstanceOf(InterruptedException.class);
    }
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // CPython BaseSemaphoreTests.test_acquire_contended: releases let exactly as many waiters through
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void release_underContention_letsExactlyThatManyThrough(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(3);
    semaphore.acquire(3);
    AtomicInteger through = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 5; i++) {
        threads.start(
            "waiter-" + i,
            () -> {
              semaphore.acquire();
              through.incrementAndGet();
            });
      }
      TestThreads.await("five wait", () -> semaphore.getQueueLength() == 5);
      semaphore.release(2);
      TestThreads.await("two pass", () -> through.get() == 2);
      assertThat(semaphore.getQueueLength()).isEqualTo(3);
      semaphore.release();
      TestThreads.await("three pass", () -> through.get() == 3);
      semaphore.release(2);
    }
    assertThat(through).hasValue(5);
    assertThat(semaphore.availablePermits()).isZero();
  }

  // CPython BaseSemaphoreTests.test_with: the permit is given back however the block ends
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void permit_tryWithResources_releasesOnceEvenOnException(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(3);
    try (CountingSemaphore.Permit permit = semaphore.acquirePermits(2)) {
      assertThat(permit.count()).isEqualTo(2);
      assertThat(semaphore.availablePermits()).isEqualTo(1);
    }
    assertThat(semaphore.availablePermits()).isEqualTo(3);

    CountingSemaphore.Permit closedTwice = semaphore.acquirePermit();
    assertThatThrownBy(
            () -> {
              try (CountingSemaphore.Permit permit = closedTwice) {
                throw new IllegalStateException("boom with " + permit.count());
              }
            })
        .hasMessage("boom with 1");
    closedTwice.close();
    assertThat(semaphore.availablePermits()).isEqualTo(3);
  }

  // TCK SemaphoreTest.testDrainPermits
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void drainPermits_takesAllFree(Kind kind) {
    CountingSemaphore semaphore = kind.make().apply(4);
    assertThat(semaphore.tryAcquire()).isTrue();
    assertThat(semaphore.drainPermits()).isEqualTo(3);
    assertThat(semaphore.drainPermits()).isZero();
    assertThat(semaphore.availablePermits()).isZero();
  }

  // CPython BoundedSemaphoreTests.test_release_unacquired
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void release_pastTheBound_throwsIfBounded(Kind kind) throws Exception {
    assumeTrue(kind.bounded(), "bounded kinds only");
    CountingSemaphore semaphore = kind.make().apply(1);
    assertThatThrownBy(semaphore::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released too many times");
    semaphore.acquire();
    semaphore.release();
    assertThatThrownBy(() -> semaphore.release(1)).isInstanceOf(IllegalStateException.class);
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // CPython SemaphoreTests.test_release_unacquired: an unbounded semaphore just counts up
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void release_unacquired_raisesTheCountIfUnbounded(Kind kind) {
    assumeTrue(!kind.bounded(), "unbounded kinds only");
    CountingSemaphore semaphore = kind.make().apply(0);
    semaphore.release(3);
    assertThat(semaphore.availablePermits()).isEqualTo(3);
  }

  // TCK SemaphoreTest (fair): a large request at the head of a fair queue is not overtaken by smaller ones
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void acquire_fairMultiPermit_isNotOvertaken(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.make().apply(3);
    assumeTrue(semaphore.isFair(), "fair kinds only");
    semaphore.acquire(3);
    AtomicInteger bigDone = new AtomicInteger();
    AtomicInteger smallDone = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread big = threads.start("big", () -> {
        semaphore.acquire(2);
        bigDone.set(1);
      });
      TestThreads.await("big queues", () -> semaphore.hasQueuedThread(big));
      Thread small = threads.start("small", () -> {
        semaphore.acquire(1);
        smallDone.set(1);
      });
      TestThreads.await("small queues", () -> semaphore.hasQueuedThread(small));

      semaphore.release(1);
      assertThat(semaphore.tryAcquire(1, Duration.ZERO)).as("a fair try waits its turn").isFalse();
      semaphore.release(1);
      TestThreads.await("big gets two", () -> bigDone.get() == 1);
      assertThat(smallDone).as("small did not overtake").hasValue(0);
      semaphore.release(1);
    }
    assertThat(smallDone).hasValue(1);
    assertThat(semaphore.availablePermits()).isZero();
  }
}
