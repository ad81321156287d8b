package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class BarrierTest {

  private static final int N = 4;

  // CPython lock_tests.py BarrierTests.test_barrier and test_wait_return: rounds, distinct indices 0..N-1
  @Test
  void await_severalRounds_everyoneGoesOnTogetherWithDistinctIndices() throws Exception {
    Barrier barrier = Barrier.create(N);
    Set<Integer> indices = ConcurrentHashMap.newKeySet();
    AtomicInteger arrivals = new AtomicInteger();
    List<String> problems = new CopyOnWriteArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < N; t++) {
        threads.start(
            "party-" + t,
            () -> {
              for (int round = 0; round < 3; round++) {
                arrivals.incrementAndGet();
                int index = barrier.await();
                if (arrivals.get() < (round + 1) * N) {
                  problems.add("round " + round + " passed before all arrived");
                }
                if (round == 0) {
                  indices.add(index);
                }
                barrier.await(); // keeps rounds apart, so the arrival counts are exact
              }
            });
      }
    }
    assertThat(problems).isEmpty();
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(barrier.isBroken()).isFalse();
    assertThat(barrier.numberWaiting()).isZero();
  }

  // CPython BarrierTests.test_action: the action runs once per round, before anyone goes on
  @Test
  void action_runsOncePerRoundBeforeRelease() throws Exception {
    AtomicInteger actions = new AtomicInteger();
    Barrier barrier = Barrier.builder(N).action(actions::incrementAndGet).build();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < N; t++) {
        threads.start(
            "party-" + t,
            () -> {
              barrier.await();
              assertThat(actions).hasValue(1);
            });
      }
    }
    assertThat(actions).hasValue(1);
  }

  // CPython BarrierTests.test_abort: abort breaks it for the waiters and later callers
  @Test
  void abort_breaksForWaitersAndLaterCallers() throws Exception {
    Barrier barrier = Barrier.create(3);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter", () -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class));
      TestThreads.await("waiter arrives", () -> barrier.numberWaiting() == 1);
      TestThreads.awaitBlocked(waiter);
      barrier.abort();
    }
    assertThat(barrier.isBroken()).isTrue();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
  }

  // CPython BarrierTests.test_reset and test_abort_and_reset
  @Test
  void reset_breaksTheCurrentRoundAndMakesItUsableAgain() throws Exception {
    Barrier barrier = Barrier.create(2);
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "waiter", () -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class));
      TestThreads.await("waiter arrives", () -> barrier.numberWaiting() == 1);
      barrier.reset();
    }
    assertThat(barrier.isBroken()).isFalse();
    barrier.abort();
    barrier.reset();
    try (TestThreads threads = new TestThreads()) {
      threads.start("other", () -> assertThat(barrier.await()).isIn(0, 1));
      assertThat(barrier.await(TestThreads.LONG)).isIn(0, 1);
    }
  }

  // CPython BarrierTests.test_timeout: the timed-out thread breaks the barrier for all
  @Test
  void awaitTimed_notEnoughParties_breaksTheBarrier() {
    Barrier barrier = Barrier.create(2);

    assertThatThrownBy(() -> barrier.await(TestThreads.SHORT))
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessageContaining("timed out");

    assertThat(barrier.isBroken()).isTrue();
  }

  // CPython BarrierTests.test_default_timeout
  @Test
  void await_defaultTimeout_applies() {
    Barrier barrier = Barrier.builder(2).timeout(TestThreads.SHORT).build();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
    assertThatThrownBy(() -> Barrier.builder(2).timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // CPython BarrierTests.test_single_thread
  @Test
  void await_oneParty_passesAtOnce() throws Exception {
    Barrier barrier = Barrier.create(1);
    assertThat(barrier.await()).isZero();
    assertThat(barrier.await()).isZero();
    assertThat(barrier.parties()).isEqualTo(1);
    assertThatThrownBy(() -> Barrier.create(0)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython BarrierTests.test_action (failing action): its thread gets the error, the others a broken barrier
  @Test
  void action_throws_breaksTheBarrier() throws Exception {
    Barrier barrier =
        Barrier.builder(2)
            .action(
                () -> {
                  throw new IllegalStateException("action failed");
                })
            .build();
    List<Throwable> outcomes = new CopyOnWriteArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 2; t++) {
        threads.start(
            "party-" + t,
            () -> {
              try {
                barrier.await();
              } catch (IllegalStateException | BrokenBarrierException expected) {
                outcomes.add(expected);
              }
            });
      }
    }
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes).anyMatch(e -> e instanceof IllegalStateException);
    assertThat(outcomes).anyMatch(e -> e instanceof BrokenBarrierException);
    assertThat(barrier.isBroken()).isTrue();
  }

  // TCK CyclicBarrierTest.testAwait_Interrupted_BrokenBarrier: an interrupt breaks it for the others
  @Test
  void await_interrupted_throwsAndBreaksForOthers() throws Exception {
    Barrier barrier = Barrier.create(3);
    try (TestThreads threads = new TestThreads()) {
      Thread interrupted =
          threads.start(
              "interrupted",
              () -> assertThatThrownBy(barrier::await).isInstanceOf(InterruptedException.class));
      Thread other =
          threads.start(
              "other", () -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class));
      TestThreads.await("two arrive", () -> barrier.numberWaiting() == 2);
      TestThreads.awaitBlocked(interrupted);
      TestThreads.awaitBlocked(other);
      interrupted.interrupt();
    }
    assertThat(barrier.isBroken()).isTrue();
  }
}
