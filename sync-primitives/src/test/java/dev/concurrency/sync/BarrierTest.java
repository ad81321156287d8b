package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's {@code threading.Barrier}, rewritten from CPython's {@code lock_tests.py} {@code BarrierTests}, and the
 * JSR-166 TCK's {@code CyclicBarrierTest} where the semantics agree (a timeout breaks the barrier for everyone,
 * as in Python, and the thread that timed out gets {@link BrokenBarrierException}, where {@code CyclicBarrier}
 * throws {@code TimeoutException}).
 */
@Timeout(60)
final class BarrierTest {

  private static final int N = 5;

  /** Runs {@code body} in {@code count} threads and joins them. */
  private static void runThreads(int count, TestThreads.Body body) {
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < count; i++) {
        threads.start("party-" + i, body);
      }
    }
  }

  // CPython lock_tests.py BarrierTests.test_constructor; TCK CyclicBarrierTest.testConstructor1, testConstructor2
  @Test
  void create_fewerThanOneParty_isRejected() {
    assertThatThrownBy(() -> Barrier.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one party");
    assertThatThrownBy(() -> Barrier.create(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Barrier.builder(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  // TCK CyclicBarrierTest.testGetParties
  @Test
  void parties_isWhatWasGiven_andNobodyWaitsAtFirst() {
    Barrier barrier = Barrier.create(2);
    assertThat(barrier.parties()).isEqualTo(2);
    assertThat(barrier.numberWaiting()).isZero();
    assertThat(barrier.isBroken()).isFalse();
  }

  // CPython BarrierTests.test_barrier and test_barrier_10: the parties pass in lockstep, round after round
  @Test
  void await_tenRounds_partiesPassInLockstep() {
    Barrier barrier = Barrier.create(N);
    List<Boolean> before = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> after = Collections.synchronizedList(new ArrayList<>());
    runThreads(
        N,
        () -> {
          for (int round = 0; round < 10; round++) {
            before.add(true);
            assertThat(after).hasSize(round * N);
            barrier.await();
            after.add(true);
            assertThat(before).hasSize((round + 1) * N);
            barrier.await();
          }
        });
    assertThat(barrier.numberWaiting()).isZero();
    assertThat(barrier.isBroken()).isFalse();
  }

  // CPython BarrierTests.test_wait_return: the indices are 0 .. parties-1
  @Test
  void await_returnsDistinctArrivalIndices() {
    Barrier barrier = Barrier.create(N);
    List<Integer> indices = Collections.synchronizedList(new ArrayList<>());
    runThreads(N, () -> indices.add(barrier.await()));
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  // CPython BarrierTests.test_action; TCK CyclicBarrierTest.testBarrierAction: once per round, before anyone
  // goes on
  @Test
  void action_runsOncePerRoundBeforeRelease() throws Exception {
    AtomicInteger actions = new AtomicInteger();
    Barrier barrier = Barrier.builder(N).action(actions::incrementAndGet).build();
    runThreads(
        N,
        () -> {
          barrier.await();
          assertThat(actions).hasValue(1);
        });
    Barrier single = Barrier.builder(1).action(actions::incrementAndGet).build();
    single.await();
    single.await();
    assertThat(actions).hasValue(3);
  }

  // CPython BarrierTests.test_single_thread; TCK CyclicBarrierTest.testSingleParty
  @Test
  void await_oneParty_passesAtOnce() throws Exception {
    Barrier barrier = Barrier.create(1);
    assertThat(barrier.await()).isZero();
    assertThat(barrier.await()).isZero();
    assertThat(barrier.numberWaiting()).isZero();
  }

  // TCK CyclicBarrierTest.testTwoParties
  @Test
  void await_twoParties_passTogetherFourTimes() {
    Barrier barrier = Barrier.create(2);
    runThreads(
        2,
        () -> {
          for (int i = 0; i < 4; i++) {
            barrier.await();
          }
        });
    assertThat(barrier.isBroken()).isFalse();
  }

  // CPython BarrierTests.test_abort: an abort breaks it for the waiters and every later caller
  @Test
  void abort_breaksForWaitersAndLaterCallers() {
    Barrier barrier = Barrier.builder(N).timeout(TestThreads.LONG).build();
    AtomicInteger passed = new AtomicInteger();
    AtomicInteger broken = new AtomicInteger();
    runThreads(
        N,
        () -> {
          try {
            int index = barrier.await();
            if (index == N / 2) {
              barrier.abort();
              return;
            }
            barrier.await();
            passed.incrementAndGet();
          } catch (BrokenBarrierException expected) {
            broken.incrementAndGet();
          }
        });
    assertThat(passed).hasValue(0);
    assertThat(broken).hasValue(N - 1);
    assertThat(barrier.isBroken()).isTrue();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
  }

  // CPython BarrierTests.test_reset; TCK CyclicBarrierTest.testReset_BrokenBarrier: a reset frees the waiters
  // with a broken barrier, and the barrier works again
  @Test
  void reset_breaksTheRoundForItsWaiters_thenWorksAgain() {
    Barrier barrier = Barrier.builder(N).timeout(TestThreads.LONG).build();
    AtomicInteger broken = new AtomicInteger();
    AtomicInteger passedAfter = new AtomicInteger();
    runThreads(
        N,
        () -> {
          int index = barrier.await();
          if (index == N / 2) {
            TestThreads.await("the others wait", () -> barrier.numberWaiting() == N - 1);
            barrier.reset();
          } else {
            try {
              barrier.await();
            } catch (BrokenBarrierException expected) {
              broken.incrementAndGet();
            }
          }
          barrier.await();
          passedAfter.incrementAndGet();
        });
    assertThat(broken).hasValue(N - 1);
    assertThat(passedAfter).hasValue(N);
  }

  // CPython BarrierTests.test_abort_and_reset; TCK CyclicBarrierTest.testResetAfterCommandException's reset
  @Test
  void abortThenReset_makesTheBarrierUsableAgain() {
    Barrier barrier = Barrier.builder(N).timeout(TestThreads.LONG).build();
    Barrier sync = Barrier.create(N);
    AtomicInteger broken = new AtomicInteger();
    AtomicInteger passedAfter = new AtomicInteger();
    runThreads(
        N,
        () -> {
          try {
            if (barrier.await() == N / 2) {
              barrier.abort();
            } else {
              barrier.await();
            }
          } catch (BrokenBarrierException expected) {
            broken.incrementAndGet();
          }
          if (sync.await() == N / 2) {
            barrier.reset();
          }
          sync.await();
          barrier.await();
          passedAfter.incrementAndGet();
        });
    assertThat(broken).hasValue(N - 1);
    assertThat(passedAfter).hasValue(N);
  }

  // TCK CyclicBarrierTest.testReset_NoBrokenBarrier and testResetWithoutBreakage: resetting an idle barrier
  // breaks nothing
  @Test
  void reset_withNobodyWaiting_breaksNothing() {
    Barrier barrier = Barrier.create(3);
    barrier.reset();
    for (int round = 0; round < 3; round++) {
      runThreads(3, barrier::await);
      assertThat(barrier.isBroken()).isFalse();
      assertThat(barrier.numberWaiting()).isZero();
      if (round == 1) {
        barrier.reset();
      }
      assertThat(barrier.isBroken()).isFalse();
    }
  }

  // TCK CyclicBarrierTest.testAwait1_Interrupted_BrokenBarrier, testAwait2_Interrupted_BrokenBarrier and
  // testResetAfterInterrupt: an interrupt breaks it for the others; a reset repairs it
  @Test
  void await_interrupted_throwsAndBreaksForOthers_untilReset() throws Exception {
    Barrier barrier = Barrier.create(3);
    for (int round = 0; round < 2; round++) {
      boolean timed = round == 1;
      try (TestThreads threads = new TestThreads()) {
        Thread interrupted =
            threads.start(
                "interrupted",
                () ->
                    assertThatThrownBy(() -> awaitMaybeTimed(barrier, timed))
                        .isInstanceOf(InterruptedException.class));
        threads.start(
            "other",
            () ->
                assertThatThrownBy(() -> awaitMaybeTimed(barrier, timed))
                    .isInstanceOf(BrokenBarrierException.class));
        TestThreads.await("two arrive", () -> barrier.numberWaiting() == 2);
        TestThreads.awaitBlocked(interrupted);
        interrupted.interrupt();
      }
      assertThat(barrier.isBroken()).isTrue();
      assertThat(barrier.numberWaiting()).isZero();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
    }
  }

  private static void awaitMaybeTimed(Barrier barrier, boolean timed)
      throws InterruptedException, BrokenBarrierException {
    if (timed) {
      barrier.await(TestThreads.LONG);
    } else {
      barrier.await();
    }
  }

  // CPython BarrierTests.test_timeout; TCK CyclicBarrierTest.testAwait3_TimeoutException,
  // testAwait4_Timeout_BrokenBarrier, testAwait5_Timeout_BrokenBarrier and testResetAfterTimeout. Difference on
  // purpose: the thread that times out gets BrokenBarrierException, as in Python (CyclicBarrier throws
  // TimeoutException); the others, timed or not, get a broken barrier as in both
  @Test
  void awaitTimed_notEnoughParties_breaksTheBarrierForAll_untilReset() throws Exception {
    Barrier barrier = Barrier.create(3);
    for (int round = 0; round < 2; round++) {
      boolean timed = round == 1;
      try (TestThreads threads = new TestThreads()) {
        threads.start(
            "waiting",
            () ->
                assertThatThrownBy(() -> awaitMaybeTimed(barrier, timed))
                    .isInstanceOf(BrokenBarrierException.class));
        TestThreads.await("one waits", () -> barrier.numberWaiting() == 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> barrier.await(TestThreads.SHORT))
            .isInstanceOf(BrokenBarrierException.class)
            .hasMessageContaining("timed out");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
      }
      assertThat(barrier.isBroken()).isTrue();
      assertThat(barrier.numberWaiting()).isZero();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
    }
  }

  // CPython BarrierTests.test_timeout: a late party makes the others' short timed waits break it
  @Test
  void awaitTimed_oneLateParty_breaksItForTheOthers() {
    Barrier barrier = Barrier.builder(N).timeout(TestThreads.LONG).build();
    CountDownLatch lateDone = new CountDownLatch(1);
    AtomicInteger broken = new AtomicInteger();
    runThreads(
        N,
        () -> {
          int index = barrier.await();
          if (index == N / 2) {
            // the late party: it arrives only after the others broke the barrier
            TestThreads.await("the others break it", barrier::isBroken);
            lateDone.countDown();
          }
          try {
            barrier.await(index == N / 2 ? TestThreads.LONG : TestThreads.SHORT);
          } catch (BrokenBarrierException expected) {
            broken.incrementAndGet();
          }
        });
    assertThat(broken).hasValue(N);
    assertThat(lateDone.getCount()).isZero();
  }

  // CPython BarrierTests.test_default_timeout: the builder's timeout applies to await()
  @Test
  void await_defaultTimeout_applies() {
    Barrier barrier = Barrier.builder(2).timeout(Duration.ofMillis(100)).build();
    long start = System.nanoTime();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    assertThatThrownBy(() -> Barrier.builder(2).timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // TCK CyclicBarrierTest.testResetAfterCommandException: a failing action breaks the barrier; its thread gets
  // the action's exception, the others a broken barrier; a reset repairs it
  @Test
  void action_throws_breaksTheBarrier_untilReset() throws Exception {
    Barrier barrier =
        Barrier.builder(3)
            .action(
                () -> {
                  throw new IllegalStateException("action failed");
                })
            .build();
    for (int round = 0; round < 2; round++) {
      List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
      runThreads(
          3,
          () -> {
            try {
              barrier.await();
            } catch (IllegalStateException | BrokenBarrierException expected) {
              outcomes.add(expected);
            }
          });
      assertThat(outcomes).hasSize(3);
      assertThat(outcomes).filteredOn(e -> e instanceof IllegalStateException).hasSize(1);
      assertThat(outcomes).filteredOn(e -> e instanceof BrokenBarrierException).hasSize(2);
      assertThat(barrier.isBroken()).isTrue();
      assertThat(barrier.numberWaiting()).isZero();
      barrier.reset();
      assertThat(barrier.isBroken()).isFalse();
    }
  }

  // TCK CyclicBarrierTest.testMoreTasksThanParties: tasks in multiples of the parties all pass
  @Test
  void await_moreTasksThanParties_allPass() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int parties = random.nextInt(1, 5);
    int tasks = random.nextInt(1, 5) * parties;
    AtomicInteger trips = new AtomicInteger();
    AtomicInteger passed = new AtomicInteger();
    Barrier barrier = Barrier.builder(parties).action(trips::incrementAndGet).build();
    runThreads(
        tasks,
        () -> {
          if (ThreadLocalRandom.current().nextBoolean()) {
            barrier.await();
          } else {
            barrier.await(TestThreads.LONG);
          }
          passed.incrementAndGet();
        });
    assertThat(trips).hasValue(tasks / parties);
    assertThat(passed).hasValue(tasks);
    assertThat(barrier.numberWaiting()).isZero();
  }

  // CPython BarrierTests.test_repr
  @Test
  void toString_showsTheWaitersOrTheBrokenState() throws Exception {
    Barrier barrier = Barrier.create(3);
    assertThat(barrier).hasToString("Barrier[waiters=0/3]");
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        threads.start("party-" + i, () -> barrier.await(TestThreads.LONG));
      }
      TestThreads.await("two wait", () -> barrier.numberWaiting() == 2);
      assertThat(barrier).hasToString("Barrier[waiters=2/3]");
      barrier.await(TestThreads.LONG);
    }
    assertThat(barrier).hasToString("Barrier[waiters=0/3]");
    barrier.abort();
    assertThat(barrier).hasToString("Barrier[broken]");
  }
}
