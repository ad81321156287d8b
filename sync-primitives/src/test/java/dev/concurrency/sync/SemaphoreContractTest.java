package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semaphore contract, written once and run on the counting and bounded semaphores, fair and barging, plain
 * and from a detector. Cases are rewritten from the JSR-166 TCK's {@code SemaphoreTest} (each runs there fair
 * and non-fair, and over every acquisition method) and CPython's {@code lock_tests.py}
 * ({@code BaseSemaphoreTests}, {@code SemaphoreTests}, {@code BoundedSemaphoreTests}).
 */
@Timeout(60)
final class SemaphoreContractTest {

  /** One implementation: a factory from the initial permits and fairness, and whether it is bounded. */
  record Kind(String name, BiFunction<Integer, Fairness, CountingSemaphore> make, boolean bounded) {
    CountingSemaphore create(int permits, Fairness fairness) {
      return make.apply(permits, fairness);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Kind> kinds() {
    return List.of(
        new Kind("CountingSemaphore", CountingSemaphore::create, false),
        new Kind("BoundedSemaphore", BoundedSemaphore::create, true),
        // Without the wait-for graph: these cases use semaphores as channels, a thread releasing permits it
        // never took, which the graph cannot foresee before the first such release (see DeadlockDetector,
        // "Limits"); DeadlockScenariosTest runs the graph on semaphores.
        new Kind(
            "CountingSemaphore from DeadlockDetector",
            (n, fairness) ->
                DeadlockDetector.builder().detectDeadlocks(false).build().newSemaphore("s", n, fairness),
            false),
        new Kind(
            "BoundedSemaphore from DeadlockDetector",
            (n, fairness) ->
                DeadlockDetector.builder().detectDeadlocks(false).build().newBoundedSemaphore("b", n, fairness),
            true));
  }

  static Stream<Arguments> kindsAndFairness() {
    return kinds().stream().flatMap(kind -> Stream.of(Fairness.values()).map(f -> Arguments.of(kind, f)));
  }

  static Stream<Arguments> kindsFairnessAndMethods() {
    return kindsAndFairness()
        .flatMap(
            pair -> Stream.of(AcquireMethod.values()).map(m -> Arguments.of(pair.get()[0], pair.get()[1], m)));
  }

  static Stream<Arguments> boundedKinds() {
    return kindsAndFairness().filter(arguments -> ((Kind) arguments.get()[0]).bounded());
  }

  static Stream<Arguments> unboundedKinds() {
    return kindsAndFairness().filter(arguments -> !((Kind) arguments.get()[0]).bounded());
  }

  /** Semaphores no detector knows: a detector keeps a lock that a thread holds. */
  static Stream<Arguments> untrackedKinds() {
    return kindsAndFairness().filter(arguments -> !((Kind) arguments.get()[0]).name().contains("Detector"));
  }

  static Stream<Arguments> interruptibleMethods() {
    return kindsFairnessAndMethods(method -> method.interruptible);
  }

  static Stream<Arguments> uninterruptibleMethods() {
    return kindsFairnessAndMethods(method -> method.blocks() && !method.interruptible);
  }

  static Stream<Arguments> blockingMethods() {
    return kindsFairnessAndMethods(AcquireMethod::blocks);
  }

  private static Stream<Arguments> kindsFairnessAndMethods(Predicate<AcquireMethod> applies) {
    return kindsFairnessAndMethods().filter(arguments -> applies.test((AcquireMethod) arguments.get()[2]));
  }

  private static final String ALL = "kindsAndFairness";

  /** The ways to take permits, as the TCK's {@code AcquireMethod}; single-permit forms loop for {@code n}. */
  enum AcquireMethod {
    ACQUIRE(false, true),
    ACQUIRE_N(true, true),
    ACQUIRE_UNINTERRUPTIBLY(false, false),
    ACQUIRE_UNINTERRUPTIBLY_N(true, false),
    TRY_ACQUIRE(false, false),
    TRY_ACQUIRE_N(true, false),
    TRY_ACQUIRE_TIMED(false, true),
    TRY_ACQUIRE_TIMED_N(true, true);

    final boolean counted;
    final boolean interruptible;

    AcquireMethod(boolean counted, boolean interruptible) {
      this.counted = counted;
      this.interruptible = interruptible;
    }

    boolean blocks() {
      return this != TRY_ACQUIRE && this != TRY_ACQUIRE_N;
    }

    boolean timed() {
      return this == TRY_ACQUIRE_TIMED || this == TRY_ACQUIRE_TIMED_N;
    }

    void acquire(CountingSemaphore semaphore, int permits) throws InterruptedException {
      if (!counted) {
        for (int i = 0; i < permits; i++) {
          acquireOne(semaphore);
        }
        return;
      }
      switch (this) {
        case ACQUIRE_N -> semaphore.acquire(permits);
        case ACQUIRE_UNINTERRUPTIBLY_N -> semaphore.acquireUninterruptibly(permits);
        case TRY_ACQUIRE_N -> assertThat(semaphore.tryAcquire(permits)).isTrue();
        case TRY_ACQUIRE_TIMED_N -> assertThat(semaphore.tryAcquire(permits, TestThreads.LONG.multipliedBy(2))).isTrue();
        default -> throw new AssertionError(this);
      }
    }

    private void acquireOne(CountingSemaphore semaphore) throws InterruptedException {
      switch (this) {
        case ACQUIRE -> semaphore.acquire();
        case ACQUIRE_UNINTERRUPTIBLY -> semaphore.acquireUninterruptibly();
        case TRY_ACQUIRE -> assertThat(semaphore.tryAcquire()).isTrue();
        case TRY_ACQUIRE_TIMED -> assertThat(semaphore.tryAcquire(TestThreads.LONG.multipliedBy(2))).isTrue();
        default -> throw new AssertionError(this);
      }
    }
  }

  private static void awaitQueued(CountingSemaphore semaphore, Thread thread) {
    TestThreads.await(thread.getName() + " queues", () -> semaphore.hasQueuedThread(thread));
    assertThat(semaphore.hasQueuedThreads()).isTrue();
    assertThat(thread.isAlive()).isTrue();
  }

  // TCK SemaphoreTest.testConstructor; CPython BaseSemaphoreTests.test_constructor. Difference on purpose: the
  // JDK allows negative permits, Python raises ValueError, and so do we (IllegalArgumentException).
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void create_takesZeroOrMorePermits_andRejectsNegative(Kind kind, Fairness fairness) {
    for (int permits : new int[] {0, 1, 42}) {
      CountingSemaphore semaphore = kind.create(permits, fairness);
      assertThat(semaphore.availablePermits()).isEqualTo(permits);
      assertThat(semaphore.isFair()).isEqualTo(fairness == Fairness.FAIR);
    }
    for (int permits : new int[] {-1, -42, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> kind.create(permits, fairness))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be negative");
    }
  }

  // TCK SemaphoreTest.testConstructorDefaultsToNonFair; CPython BaseSemaphoreTests.test_default_value (1 permit)
  @Test
  void create_defaults_areBargingWithOnePermit() {
    assertThat(CountingSemaphore.create(3).isFair()).isFalse();
    assertThat(BoundedSemaphore.create(3).isFair()).isFalse();
    assertThat(CountingSemaphore.create().availablePermits()).isEqualTo(1);
    assertThat(BoundedSemaphore.create().bound()).isEqualTo(1);
  }

  // CPython BaseSemaphoreTests.test_default_value: the default permit blocks a second taker until released
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void onePermit_secondTakerWaitsForTheRelease(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(1, fairness);
    semaphore.acquire();
    AtomicInteger finished = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread taker =
          threads.start(
              "taker",
              () -> {
                semaphore.acquire();
                semaphore.release();
                finished.incrementAndGet();
              });
      awaitQueued(semaphore, taker);
      assertThat(finished).hasValue(0);
      semaphore.release();
    }
    assertThat(finished).hasValue(1);
  }

  // TCK SemaphoreTest.testTryAcquireInSameThread and testTryAcquireNInSameThread; CPython
  // BaseSemaphoreTests.test_try_acquire and test_acquire
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void tryAcquire_succeedsWhilePermitsLast(Kind kind, Fairness fairness) {
    CountingSemaphore semaphore = kind.create(2, fairness);
    if (kind.bounded()) {
      // Difference on purpose: more than the bound could never be granted, so it is an error, not false
      assertThatThrownBy(() -> semaphore.tryAcquire(3)).isInstanceOf(IllegalArgumentException.class);
    } else {
      assertThat(semaphore.tryAcquire(3)).isFalse();
    }
    assertThat(semaphore.availablePermits()).isEqualTo(2);
    assertThat(semaphore.tryAcquire()).isTrue();
    assertThat(semaphore.tryAcquire()).isTrue();
    assertThat(semaphore.availablePermits()).isZero();
    assertThat(semaphore.tryAcquire()).isFalse();
    assertThat(semaphore.tryAcquire()).isFalse();
    semaphore.release(2);

    assertThat(semaphore.tryAcquire(2)).isTrue();
    assertThat(semaphore.tryAcquire(1)).isFalse();
    semaphore.release();
    assertThat(semaphore.tryAcquire(2)).isFalse();
    assertThat(semaphore.tryAcquire(1)).isTrue();
    assertThat(semaphore.availablePermits()).isZero();
    semaphore.release(2);
  }

  // TCK SemaphoreTest.testTryAcquire_timeout and testTryAcquireN_timeout; CPython
  // BaseSemaphoreTests.test_acquire_timeout
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void tryAcquireTimed_notEnoughPermits_timesOut(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(2, fairness);
    assertThat(semaphore.tryAcquire(Duration.ofMillis(5))).isTrue();
    assertThat(semaphore.tryAcquire(Duration.ofMillis(5))).isTrue();
    assertThat(semaphore.tryAcquire(Duration.ofMillis(5))).isFalse();
    semaphore.release();
    assertThat(semaphore.tryAcquire(Duration.ofMillis(5))).isTrue();

    long start = System.nanoTime();
    assertThat(semaphore.tryAcquire(TestThreads.SHORT)).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());

    semaphore.release();
    start = System.nanoTime();
    assertThat(semaphore.tryAcquire(2, TestThreads.SHORT)).isFalse(); // 1 free, 2 wanted
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  /** A semaphore with no free permit that can still hold {@code capacity}: a bounded one is drained. */
  private static CountingSemaphore empty(Kind kind, Fairness fairness, int capacity) {
    if (!kind.bounded()) {
      return kind.create(0, fairness);
    }
    CountingSemaphore semaphore = kind.create(capacity, fairness);
    assertThat(semaphore.drainPermits()).isEqualTo(capacity);
    return semaphore;
  }

  // TCK SemaphoreTest.testInterruptible_acquire, _acquireN, _tryAcquireTimed, _tryAcquireTimedN
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("interruptibleMethods")
  void acquire_interruptedBeforeOrWhileWaiting_throwsAndTakesNothing(
      Kind kind, Fairness fairness, AcquireMethod method) throws Exception {
    CountingSemaphore semaphore = empty(kind, fairness, 3);
    CyclicBarrier pleaseInterrupt = new CyclicBarrier(2);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> {
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> method.acquire(semaphore, 1)).isInstanceOf(InterruptedException.class);
                assertThat(Thread.interrupted()).isFalse();
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> method.acquire(semaphore, 3)).isInstanceOf(InterruptedException.class);
                assertThat(Thread.interrupted()).isFalse();
                for (int permits : new int[] {1, 3}) {
                  pleaseInterrupt.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
                  assertThatThrownBy(() -> method.acquire(semaphore, permits))
                      .isInstanceOf(InterruptedException.class);
                  assertThat(Thread.interrupted()).isFalse();
                }
              });
      for (int round = 0; round < 2; round++) {
        pleaseInterrupt.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
        awaitQueued(semaphore, waiter);
        waiter.interrupt();
      }
    }
    assertThat(semaphore.availablePermits()).isZero();
    assertThat(semaphore.hasQueuedThreads()).isFalse();
  }

  // TCK SemaphoreTest.testUninterruptible_acquireUninterruptibly, _acquireUninterruptiblyN
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("uninterruptibleMethods")
  void acquireUninterruptibly_interrupted_keepsWaitingAndKeepsTheInterrupt(
      Kind kind, Fairness fairness, AcquireMethod method) throws Exception {
    CountingSemaphore semaphore = empty(kind, fairness, 2);
    try (TestThreads threads = new TestThreads()) {
      Thread before =
          threads.start(
              "interrupted-before",
              () -> {
                Thread.currentThread().interrupt();
                method.acquire(semaphore, 1);
                assertThat(Thread.interrupted()).isTrue();
              });
      Thread during =
          threads.start(
              "interrupted-during",
              () -> {
                method.acquire(semaphore, 1);
                assertThat(Thread.interrupted()).isTrue();
              });
      awaitQueued(semaphore, before);
      awaitQueued(semaphore, during);
      during.interrupt();
      TestThreads.awaitBlocked(before);
      TestThreads.awaitBlocked(during);
      assertThat(semaphore.getQueueLength()).isEqualTo(2);
      semaphore.release(2);
    }
    assertThat(semaphore.availablePermits()).isZero();
  }

  // TCK SemaphoreTest.testHasQueuedThreads, testGetQueueLength, testGetQueuedThreads
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void queueMonitors_followWaitersThroughInterruptAndRelease(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(1, fairness);
    assertThat(semaphore.hasQueuedThreads()).isFalse();
    assertThat(semaphore.getQueueLength()).isZero();
    assertThat(semaphore.getQueuedThreads()).isEmpty();
    semaphore.acquireUninterruptibly();
    try (TestThreads threads = new TestThreads()) {
      Thread interrupted =
          threads.start(
              "interrupted",
              () -> assertThatThrownBy(semaphore::acquire).isInstanceOf(InterruptedException.class));
      awaitQueued(semaphore, interrupted);
      assertThat(semaphore.getQueueLength()).isEqualTo(1);
      Thread patient = threads.start("patient", semaphore::acquire);
      awaitQueued(semaphore, patient);
      assertThat(semaphore.getQueueLength()).isEqualTo(2);
      assertThat(semaphore.getQueuedThreads()).containsExactlyInAnyOrder(interrupted, patient);
      interrupted.interrupt();
      TestThreads.join(interrupted);
      assertThat(semaphore.hasQueuedThreads()).isTrue();
      assertThat(semaphore.getQueueLength()).isEqualTo(1);
      assertThat(semaphore.getQueuedThreads()).containsExactly(patient);
      semaphore.release();
      TestThreads.join(patient);
    }
    assertThat(semaphore.hasQueuedThreads()).isFalse();
    assertThat(semaphore.getQueueLength()).isZero();
    assertThat(semaphore.getQueuedThreads()).isEmpty();
  }

  // TCK SemaphoreTest.testDrainPermits
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void drainPermits_takesEveryFreePermit(Kind kind, Fairness fairness) {
    CountingSemaphore semaphore = kind.create(kind.bounded() ? 10 : 0, fairness);
    if (!kind.bounded()) {
      assertThat(semaphore.drainPermits()).isZero();
      semaphore.release(10);
    }
    assertThat(semaphore.availablePermits()).isEqualTo(10);
    assertThat(semaphore.drainPermits()).isEqualTo(10);
    assertThat(semaphore.availablePermits()).isZero();
    assertThat(semaphore.drainPermits()).isZero();
    semaphore.release(10);
    assertThat(semaphore.availablePermits()).isEqualTo(10);
  }

  // TCK SemaphoreTest.testReleaseIAE. Difference on purpose: release(0) is an error here, as in Python
  // (ValueError), where the JDK treats it as doing nothing.
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void badArguments_areRejectedWithTheReason(Kind kind, Fairness fairness) {
    CountingSemaphore semaphore = kind.create(1, fairness);
    assertThatThrownBy(() -> semaphore.release(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> semaphore.release(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> semaphore.acquire(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> semaphore.tryAcquire(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // Ours: a bounded semaphore cannot ever grant more than its bound at once
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("boundedKinds")
  void acquire_moreThanTheBound_isRejectedAtOnce(Kind kind, Fairness fairness) {
    CountingSemaphore semaphore = kind.create(2, fairness);
    assertThatThrownBy(() -> semaphore.acquire(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound of 2");
    assertThatThrownBy(() -> semaphore.tryAcquire(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> semaphore.acquireUninterruptibly(3)).isInstanceOf(IllegalArgumentException.class);
    assertThat(semaphore.availablePermits()).isEqualTo(2);
  }

  // TCK SemaphoreTest.testReleaseAcquireSameThread_* (every acquisition method)
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("kindsFairnessAndMethods")
  void releaseThenAcquire_sameThread_countsPermits(Kind kind, Fairness fairness, AcquireMethod method)
      throws Exception {
    CountingSemaphore semaphore = kind.create(kind.bounded() ? 6 : 1, fairness);
    if (kind.bounded()) {
      assertThat(semaphore.tryAcquire(5)).isTrue();
    }
    for (int i = 1; i < 6; i++) {
      semaphore.release(i);
      assertThat(semaphore.availablePermits()).isEqualTo(1 + i);
      method.acquire(semaphore, i);
      assertThat(semaphore.availablePermits()).isEqualTo(1);
    }
  }

  // TCK SemaphoreTest.testReleaseAcquireDifferentThreads_* (every blocking method)
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("blockingMethods")
  void release_inOneThread_enablesAcquireInAnother(Kind kind, Fairness fairness, AcquireMethod method)
      throws Exception {
    CountingSemaphore semaphore = empty(kind, fairness, 3);
    int rounds = 4;
    try (TestThreads threads = new TestThreads()) {
      Thread taker =
          threads.start(
              "taker",
              () -> {
                for (int i = 0; i < rounds; i++) {
                  method.acquire(semaphore, i % 2 == 0 ? 1 : 3);
                }
              });
      for (int i = 0; i < rounds; i++) {
        TestThreads.await("taker waits", () -> semaphore.availablePermits() == 0 && semaphore.hasQueuedThreads());
        assertThat(taker.isAlive()).isTrue();
        semaphore.release(i % 2 == 0 ? 1 : 3);
      }
    }
    assertThat(semaphore.availablePermits()).isZero();
  }

  // TCK SemaphoreTest.testFairLocksFifo: a fair semaphore is FIFO, even for a big request at the head; the
  // untimed tryAcquire barges
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void acquire_fair_isStrictlyFifo_butUntimedTryAcquireBarges(Kind kind) throws Exception {
    CountingSemaphore semaphore = kind.create(kind.bounded() ? 3 : 1, Fairness.FAIR);
    if (kind.bounded()) {
      assertThat(semaphore.tryAcquire(2)).isTrue();
    }
    CountDownLatch pleaseRelease = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      Thread big = threads.start("big", () -> semaphore.acquire(3));
      awaitQueued(semaphore, big);
      Thread small =
          threads.start(
              "small",
              () -> {
                assertThat(semaphore.tryAcquire(Duration.ZERO)).isFalse();
                assertThat(semaphore.tryAcquire(1, Duration.ZERO)).isFalse();
                assertThat(semaphore.tryAcquire()).isTrue();
                semaphore.release();
                pleaseRelease.countDown();
                semaphore.acquire(); // queues behind "big", though a permit is free
              });
      pleaseRelease.await();
      awaitQueued(semaphore, small);
      assertThat(semaphore.availablePermits()).isEqualTo(1);
      semaphore.release(2);
      TestThreads.join(big);
      assertThat(small.isAlive()).isTrue();
      semaphore.release();
    }
    assertThat(semaphore.availablePermits()).isZero();
  }

  // CPython BaseSemaphoreTests.test_acquire_contended and test_multirelease: releases let exactly as many
  // waiters through, one release at a time or several at once
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void release_underContention_letsExactlyThatManyThrough(Kind kind, Fairness fairness) throws Exception {
    int value = 7;
    CountingSemaphore semaphore = kind.create(value, fairness);
    semaphore.acquire();
    List<Integer> phases = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger phase = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 10; t++) {
        threads.start(
            "taker-" + t,
            () -> {
              semaphore.acquire();
              phases.add(phase.get());
              semaphore.acquire();
              phases.add(phase.get());
            });
      }
      TestThreads.await("six take", () -> phases.size() == value - 1);
      assertThat(phases).containsOnly(0);
      phase.set(1);
      for (int i = 0; i < value; i++) {
        semaphore.release(); // one at a time, as test_acquire_contended does
      }
      TestThreads.await("seven more take", () -> phases.size() == 2 * value - 1);
      phase.set(2);
      semaphore.release(value - 1); // all at once, as test_multirelease does
      TestThreads.await("six more take", () -> phases.size() == 3 * value - 2);
      assertThat(phases.stream().sorted().toList())
          .containsExactlyElementsOf(
              Stream.of(0, 1, 2)
                  .flatMap(p -> Collections.nCopies(p == 1 ? value : value - 1, p).stream())
                  .toList());
      assertThat(semaphore.tryAcquire()).isFalse();
      semaphore.release(); // the last taker's second permit
    }
    assertThat(phases).hasSize(3 * value - 1);
  }

  // CPython BaseSemaphoreTests.test_try_acquire_contended
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void tryAcquire_contended_grantsExactlyTheFreePermits(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(4, fairness);
    semaphore.acquire();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 5; t++) {
        threads.start(
            "trier-" + t,
            () -> {
              results.add(semaphore.tryAcquire());
              results.add(semaphore.tryAcquire());
            });
      }
    }
    assertThat(results).hasSize(10);
    assertThat(results.stream().filter(taken -> taken)).hasSize(3);
  }

  // CPython BaseSemaphoreTests.test_with: a Permit is given back however the block ends, once
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void permit_tryWithResources_releasesOnceEvenOnException(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(2, fairness);
    try (CountingSemaphore.Permit outer = semaphore.acquirePermit()) {
      assertThat(outer.count()).isEqualTo(1);
      assertThat(semaphore.tryAcquire()).isTrue();
      semaphore.release();
      try (CountingSemaphore.Permit inner = semaphore.acquirePermit()) {
        assertThat(inner.count()).isEqualTo(1);
        assertThat(semaphore.tryAcquire()).isFalse();
      }
    }
    assertThat(semaphore.availablePermits()).isEqualTo(2);

    CountingSemaphore.Permit closedTwice = semaphore.acquirePermits(2);
    assertThatThrownBy(
            () -> {
              try (CountingSemaphore.Permit permit = closedTwice) {
                throw new IllegalStateException("boom with " + permit.count());
              }
            })
        .hasMessage("boom with 2");
    closedTwice.close();
    assertThat(semaphore.availablePermits()).isEqualTo(2);
  }

  // CPython BoundedSemaphoreTests.test_release_unacquired
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("boundedKinds")
  void release_pastTheBound_throwsIfBounded(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(1, fairness);
    assertThatThrownBy(semaphore::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released too many times");
    semaphore.acquire();
    semaphore.release();
    assertThatThrownBy(() -> semaphore.release(1)).isInstanceOf(IllegalStateException.class);
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // CPython SemaphoreTests.test_release_unacquired: an unbounded semaphore just counts up
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unboundedKinds")
  void release_unacquired_raisesTheCountIfUnbounded(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(1, fairness);
    semaphore.release();
    semaphore.acquire();
    semaphore.acquire();
    semaphore.release();
    assertThat(semaphore.availablePermits()).isEqualTo(1);
  }

  // TCK SemaphoreTest.testToString; CPython SemaphoreTests.test_repr, BoundedSemaphoreTests.test_repr
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void toString_showsTheFreePermits(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(3, fairness);
    assertThat(semaphore.toString()).contains("Permits = 3");
    semaphore.acquire();
    assertThat(semaphore.toString()).contains("Permits = 2");
    if (kind.bounded()) {
      assertThat(semaphore.toString()).contains("bound = 3");
    } else {
      semaphore.release(2);
      assertThat(semaphore.toString()).contains("Permits = 4");
    }
  }

  // TCK SemaphoreTest.testShortTimeoutAcquisition (JDK-8386085): permits released into a storm of very short
  // timed acquisitions are all taken; none is lost between a timing-out waiter and the release
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(ALL)
  void tryAcquireWithShortTimeouts_permitsReleasedIntoTheStormAreAllTaken(Kind kind, Fairness fairness) {
    int width = 4;
    CountingSemaphore semaphore = empty(kind, fairness, width);
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger tries = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < width; t++) {
        threads.start(
            "storm-" + t,
            () -> {
              while (!done.get()) {
                if (semaphore.tryAcquire(Duration.ofNanos(1_000))) {
                  taken.incrementAndGet();
                }
                tries.incrementAndGet();
              }
            });
      }
      TestThreads.await("the storm runs", () -> tries.get() > 100 * width);
      semaphore.release(width);
      TestThreads.await("every permit is taken", () -> taken.get() == width);
      done.set(true);
    }
    assertThat(semaphore.availablePermits()).isZero();
    assertThat(taken).hasValue(width);
  }

  // CPython BaseSemaphoreTests.test_acquire_destroy: a semaphore with a permit out can simply be dropped
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("untrackedKinds")
  void semaphore_withAPermitOut_isCollectedOnceUnreachable(Kind kind, Fairness fairness) throws Exception {
    CountingSemaphore semaphore = kind.create(1, fairness);
    semaphore.acquire();
    java.lang.ref.WeakReference<CountingSemaphore> reference = new java.lang.ref.WeakReference<>(semaphore);
    semaphore = null;
    TestThreads.await(
        "the semaphore is collected",
        () -> {
          System.gc();
          return reference.get() == null;
        });
  }
}
