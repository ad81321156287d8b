package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ThreadBridge;
import dev.concurrency.async.simulation.RunFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a seed varies, within its bounds, and how a run that cannot go on ends. */
@Timeout(60)
final class SeededSchedulingTest {

  private static final Duration MS = Duration.ofMillis(1);

  /** Two timers for the same instant: which fires first is the seed's choice, and always the same for a seed. */
  private static Scenario<String> tie() {
    return Scenario.of("tie", () -> {
      EventLoop loop = getRunningLoop();
      StringBuilder order = new StringBuilder();
      AsyncFuture<Void> done = loop.createFuture();
      long when = loop.time() + MS.toNanos();
      loop.callAt(when, () -> order.append('a'));
      loop.callAt(when, () -> order.append('b'));
      loop.callAt(when + 1, () -> done.setResult(null));
      done.await();
      return order.toString();
    });
  }

  @Test
  void equalDeadlines_runInAnOrderEachSeedChooses_andKeeps() {
    Set<String> orders = new HashSet<>();
    for (long seed = 0; seed < 32; seed++) {
      String first = Simulation.replay(tie(), seed).result();
      assertThat(Simulation.replay(tie(), seed).result()).isEqualTo(first);
      orders.add(first);
    }
    assertThat(orders).containsExactlyInAnyOrder("ab", "ba");
  }

  @Test
  void timers_neverFireEarly_norLaterThanTheLatenessBound_whenTheLoopIsIdle() {
    Duration bound = Duration.ofMillis(3);
    Scenario<List<Long>> lateness = Scenario.of("lateness", () -> {
      EventLoop loop = getRunningLoop();
      List<Long> late = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        long due = loop.time() + i * 100_000L;
        sleep(Duration.ofNanos(due - loop.time()));
        late.add(loop.time() - due);
      }
      return late;
    }).withConfig(SimulationConfig.defaults().withMaxTimerLateness(bound).withMaxTickDuration(Duration.ZERO));
    long maxSeen = 0;
    for (long seed = 0; seed < 20; seed++) {
      for (long late : Simulation.replay(lateness, seed).result()) {
        assertThat(late).isBetween(0L, bound.toNanos());
        maxSeen = Math.max(maxSeen, late);
      }
    }
    assertThat(maxSeen).isGreaterThan(bound.toNanos() / 2); // some seeds use the bound, not just a sliver of it
  }

  @Test
  void zeroBounds_keepTimeExactly_asTheVirtualClockDoes() {
    Scenario<Long> exact = Scenario.of("exact", () -> {
      sleep(Duration.ofSeconds(5));
      sleep(Duration.ZERO);
      sleep(Duration.ofMillis(250));
      return getRunningLoop().time();
    }).withConfig(SimulationConfig.defaults().withMaxTimerLateness(Duration.ZERO).withMaxTickDuration(Duration.ZERO));
    for (long seed = 0; seed < 10; seed++) {
      assertThat(Simulation.replay(exact, seed).result()).isEqualTo(Duration.ofMillis(5_250).toNanos());
    }
  }

  @Test
  void busyTicks_takeTime_upToTheTickBound() {
    Duration tick = Duration.ofNanos(50_000);
    Scenario<Long> yields = Scenario.of("yields", () -> {
      for (int i = 0; i < 100; i++) {
        sleep(Duration.ZERO);
      }
      return getRunningLoop().time();
    }).withConfig(SimulationConfig.defaults().withMaxTickDuration(tick));
    List<Long> ends = new ArrayList<>();
    for (long seed = 0; seed < 20; seed++) {
      SimulatedRun<Long> run = Simulation.replay(yields, seed);
      assertThat(run.result()).isBetween(1L, run.ticks() * tick.toNanos()); // always some time, never too much
      ends.add(run.result());
    }
    long quiet = ends.stream().mapToLong(Long::longValue).min().orElseThrow();
    long busy = ends.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(busy).isGreaterThan(10 * quiet); // quiet machines and loaded ones
  }

  @Test
  void aBusyLoop_stillReachesItsTimers_becauseTicksTakeTime() {
    // on a plain virtual clock this spins forever: time moves only when the loop is idle
    Scenario<Integer> spin = Scenario.of("spin until a timer", () -> {
      boolean[] fired = {false};
      getRunningLoop().callLater(MS, () -> fired[0] = true);
      int spins = 0;
      while (!fired[0]) {
        sleep(Duration.ZERO);
        spins++;
      }
      return spins;
    }).withConfig(SimulationConfig.defaults().withMaxTickDuration(Duration.ofNanos(20_000)));
    for (long seed = 0; seed < 8; seed++) {
      SimulatedRun<Integer> run = Simulation.replay(spin, seed);
      assertThat(run.failed()).as("seed %s: %s", seed, run.failure()).isFalse();
      assertThat(run.virtualTime()).isGreaterThanOrEqualTo(MS);
    }
  }

  @Test
  void threadResults_arriveInASeededTick_withinTheBound() {
    int bound = 6;
    Scenario<Integer> race = Scenario.of("toThread against a yielding task", () -> {
      int[] ticks = {0};
      boolean[] arrived = {false};
      AsyncTask<Void> counter = createTask(() -> {
        while (!arrived[0]) {
          ticks[0]++;
          sleep(Duration.ZERO);
        }
      });
      ThreadBridge.toThread(() -> 42);
      arrived[0] = true;
      counter.await();
      return ticks[0];
    }).withConfig(SimulationConfig.defaults().withMaxArrivalTicks(bound));
    Set<Integer> seen = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      int ticks = Simulation.replay(race, seed).result();
      assertThat(Simulation.replay(race, seed).result()).isEqualTo(ticks); // the thread's speed does not matter
      assertThat(ticks).isBetween(1, bound + 3);
      seen.add(ticks);
    }
    assertThat(seen.size()).isGreaterThan(2);
  }

  @Test
  void threadResults_areWaitedFor_whenTheLoopHasNothingElse() {
    Scenario<String> slow = Scenario.of("a slow job", () -> ThreadBridge.toThread(() -> {
      Thread.sleep(50); // real time: the simulation waits, and the run does not depend on how long
      return "done";
    }));
    SimulatedRun<String> run = Simulation.replay(slow, 3);
    assertThat(run.failed()).isFalse();
    assertThat(run.result()).isEqualTo("done");
    assertThat(run.trace().events()).anyMatch(e -> e.kind() == TraceEvent.Kind.ARRIVAL
        && e.text().equals("toThread #1 arrives (started in tick 1)"));
  }

  @Test
  void aJobThatNeverFinishes_failsTheRunAfterTheArrivalTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      Scenario<String> stuck = Scenario.of("stuck job", () -> ThreadBridge.toThread(() -> {
        release.await(30, TimeUnit.SECONDS);
        return "late";
      })).withConfig(SimulationConfig.defaults().withArrivalTimeout(Duration.ofMillis(200)));
      SimulatedRun<String> run = Simulation.replay(stuck, 0);
      RunFailure failure = run.failure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(Kind.ARRIVAL_TIMEOUT);
      assertThat(failure.message()).contains("toThread #1").contains("SimulationConfig.arrivalTimeout");
    } finally {
      release.countDown();
    }
  }

  @Test
  void tasksThatWaitForEachOther_areADeadlock_namingEachTaskAndWhereItWaits() {
    Scenario<Void> stuck = Scenario.of("wait forever", () -> {
      EventLoop loop = getRunningLoop();
      AsyncFuture<Void> never = loop.createFuture();
      AsyncTask<Void> waiter = AsyncIO.createTask(() -> never.await(), "waiter");
      waiter.await();
    });
    SimulatedRun<Void> run = Simulation.replay(stuck, 0);
    RunFailure failure = run.failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(Kind.DEADLOCK);
    assertThat(failure.message()).contains("real asyncio would hang here forever").contains("\n  main awaits")
        .contains("\n  waiter awaits");
    if (!Boolean.getBoolean("dev.concurrency.async.continuations")) { // a continuation has no thread stack to show
      assertThat(failure.message())
          .contains("main awaits AsyncFuture.await (SeededSchedulingTest.java:")
          .contains("waiter awaits AsyncFuture.await (SeededSchedulingTest.java:");
    }
    assertThat(run.trace().interleaving()).contains("FAILED: deadlock");
  }

  @Test
  void waitingOnAThreadTheSimulationDoesNotKnow_isADeadlock_thatSaysToUseToThread() {
    CompletableFuture<String> outside = new CompletableFuture<>();
    Scenario<String> foreign = Scenario.of("foreign future", () -> ThreadBridge.awaitFuture(outside));
    RunFailure failure = Simulation.replay(foreign, 0).failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(Kind.DEADLOCK);
    assertThat(failure.message()).contains("toThread");
  }

  @Test
  void aTaskThatNeverStopsYielding_hitsTheTickLimit() {
    Scenario<Object> livelock = Scenario.of("livelock", () -> {
      while (true) {
        sleep(Duration.ZERO);
      }
    }).withConfig(SimulationConfig.defaults().withLimits(1_000, Duration.ofHours(1)));
    SimulatedRun<Object> run = Simulation.replay(livelock, 0);
    assertThat(run.failure().orElseThrow().kind()).isEqualTo(Kind.LIMIT);
    assertThat(run.failure().orElseThrow().message()).contains("1000 ticks").contains("tickLimit");
    assertThat(run.ticks()).isLessThan(1_000 + SeededScheduling.CLEANUP_TICKS);
  }

  @Test
  void aTimerAfterTheTimeLimit_endsTheRun() {
    Scenario<Void> longSleep = Scenario.of("sleeps past the limit", () -> sleep(Duration.ofHours(2)))
        .withConfig(SimulationConfig.defaults().withLimits(1_000, Duration.ofHours(1)));
    RunFailure failure = Simulation.replay(longSleep, 0).failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(Kind.LIMIT);
    assertThat(failure.message()).contains("timeLimit").contains("PT1H");
  }

  @Test
  void loopErrors_failTheRun_unlessTheConfigurationAllowsThem() {
    Scenario<Void> throwing = Scenario.of("a callback throws", () -> {
      getRunningLoop().callSoon(() -> {
        throw new IllegalStateException("callback bug");
      });
      sleep(Duration.ZERO);
      sleep(Duration.ZERO);
    });
    SimulatedRun<Void> run = Simulation.replay(throwing, 0);
    assertThat(run.failure().orElseThrow().kind()).isEqualTo(Kind.LOOP_ERROR);
    assertThat(run.failure().orElseThrow().message()).contains("callback bug").contains("1 error;");
    assertThat(run.trace().events()).anyMatch(e -> e.kind() == TraceEvent.Kind.LOOP_ERROR);
    assertThat(Simulation.replay(throwing.withConfig(SimulationConfig.defaults().withFailOnLoopErrors(false)), 0)
        .failed()).isFalse();
  }

  @Test
  void aSimulatedLoopBuilder_buildsOneLoop() {
    EventLoop.Builder builder = Simulation.loopBuilder(1);
    try (EventLoop first = builder.build()) {
      assertThat(first.isClosed()).isFalse();
      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("builds one loop");
    }
  }

  @Test
  void gatheredTasks_allRun_andTheTraceHasEveryLane() {
    Scenario<List<Object>> three = Scenario.of("three", () -> gather(
        () -> sleep(MS, "a"), () -> sleep(MS, "b"), () -> sleep(MS, "c")).await());
    SimulatedRun<List<Object>> run = Simulation.replay(three, 9);
    assertThat(run.result()).containsExactly("a", "b", "c");
    assertThat(run.trace().taskLanes()).containsExactly("main", "Task-2", "Task-3", "Task-4");
  }
}
