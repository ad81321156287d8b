package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.simulation.RunFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Simulation}'s explore and replay, and what code under test can ask of a run. */
@Timeout(60)
final class ExploreAndReplayTest {

  /** Fails on the seeds whose tie-break puts b before a. */
  private static Scenario<String> tieScenario() {
    return Scenario.of("a before b", () -> {
      EventLoop loop = getRunningLoop();
      StringBuilder order = new StringBuilder();
      AsyncFuture<Void> done = loop.createFuture();
      long when = loop.time() + 1_000_000;
      loop.callAt(when, () -> {
        Simulation.note("a fires");
        order.append('a');
      });
      loop.callAt(when, () -> {
        Simulation.note("b fires");
        order.append('b');
      });
      loop.callAt(when + 1, () -> done.setResult(null));
      done.await();
      return order.toString();
    }).expect("a fires before b", "ab"::equals);
  }

  private static long firstSeedWhere(Scenario<String> s, String result) {
    for (long seed = 0; ; seed++) {
      if (result.equals(Simulation.replay(s, seed).result())) {
        return seed;
      }
    }
  }

  @Test
  void explore_stopsAtTheFirstFailingSeed_andRecordsItsTrace() {
    Scenario<String> s = tieScenario();
    long expected = firstSeedWhere(s, "ba");
    Exploration<String> e = Simulation.explore(s, 1_000);
    assertThat(e.passed()).isFalse();
    assertThat(e.failingSeed()).isEqualTo(OptionalLong.of(expected));
    assertThat(e.runs()).isEqualTo(expected + 1);
    assertThat(e.reproduced()).isTrue();
    SimulatedRun<String> run = e.failure().orElseThrow();
    assertThat(run.result()).isEqualTo("ba");
    assertThat(run.failure().orElseThrow().kind()).isEqualTo(Kind.INVARIANT);
    assertThat(run.failure().orElseThrow().message()).isEqualTo("expected a fires before b, but the result was ba");
    assertThat(run.trace().events()).extracting(TraceEvent::text).containsSubsequence("b fires", "a fires");
    assertThat(e.report())
        .contains("explored 'a before b': " + (expected + 1) + " run")
        .contains("seed " + expected + " failed")
        .contains("replay it with Simulation.replay(scenario, " + expected + "L)")
        .contains("how the tasks interleaved")
        .doesNotContain("WARNING");
  }

  @Test
  void explore_ofAPassingScenario_runsEverySeed() {
    Scenario<Integer> fine = Scenario.of("fine", () -> {
      sleep(Duration.ofMillis(3));
      return 1;
    }).expect("one", r -> r == 1);
    Exploration<Integer> e = Simulation.explore(fine, 50);
    assertThat(e.passed()).isTrue();
    assertThat(e.runs()).isEqualTo(50);
    assertThat(e.failure()).isEmpty();
    assertThat(e.failingSeed()).isEmpty();
    assertThat(e.reproduced()).isTrue();
    assertThat(e.report()).contains("50 runs").endsWith("no failure\n");
    e.assertPassed();
    assertThatThrownBy(e::replay).isInstanceOf(IllegalStateException.class).hasMessageContaining("no run failed");
    assertThat(e.toString()).contains("50 runs").contains("passed");
  }

  @Test
  void explore_givenSeeds_triesExactlyThose() {
    List<Long> seen = new ArrayList<>();
    Scenario<Boolean> s = Scenario.of("records its seed", () -> seen.add(Simulation.currentSeed().orElseThrow()));
    assertThat(Simulation.explore(s, LongStream.of(5, 70, -3)).runs()).isEqualTo(3);
    assertThat(seen).containsExactly(5L, 70L, -3L);
  }

  @Test
  void explore_withABudget_runsAtLeastOnce_andStops() {
    Scenario<Void> s = Scenario.of("quick", () -> sleep(Duration.ofMillis(1)));
    Exploration<Void> e = Simulation.explore(s, Duration.ofMillis(100));
    assertThat(e.passed()).isTrue();
    assertThat(e.runs()).isPositive();
  }

  @Test
  void explore_refusesNoRunsAndNoBudget() {
    Scenario<Void> s = Scenario.of("x", () -> { });
    assertThatThrownBy(() -> Simulation.explore(s, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one run");
    assertThatThrownBy(() -> Simulation.explore(s, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget must be > 0");
  }

  @Test
  void replay_givesTheSameRun_eventForEvent() {
    Scenario<String> s = tieScenario();
    for (long seed = 0; seed < 5; seed++) {
      SimulatedRun<String> a = Simulation.replay(s, seed);
      SimulatedRun<String> b = Simulation.replay(s, seed);
      assertThat(b.trace().format()).isEqualTo(a.trace().format());
      assertThat(b.result()).isEqualTo(a.result());
      assertThat(b.ticks()).isEqualTo(a.ticks());
      assertThat(b.virtualTime()).isEqualTo(a.virtualTime());
    }
    Exploration<String> e = Simulation.explore(s, 100);
    assertThat(e.replay().trace().format()).isEqualTo(e.failure().orElseThrow().trace().format());
  }

  @Test
  void assertPassed_throwsTheReport_withTheBodysException() {
    IllegalStateException boom = new IllegalStateException("boom");
    Scenario<Void> s = Scenario.of("throws", () -> {
      throw boom;
    });
    Exploration<Void> e = Simulation.explore(s, 10);
    assertThat(e.runs()).isEqualTo(1);
    RunFailure failure = e.failure().orElseThrow().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(Kind.EXCEPTION);
    assertThat(failure.cause()).isSameAs(boom);
    assertThatThrownBy(e::assertPassed)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 0 failed")
        .hasMessageContaining("exception: the body threw java.lang.IllegalStateException: boom")
        .hasCause(boom);
  }

  @Test
  void anInvariantThatThrows_failsTheRun() {
    Scenario<Integer> s = Scenario.of("x", () -> 1).expect("never checked properly", r -> {
      throw new ArithmeticException("bad check");
    });
    RunFailure failure = Simulation.replay(s, 0).failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(Kind.EXCEPTION);
    assertThat(failure.message()).contains("the invariant 'never checked properly' threw").contains("bad check");
  }

  @Test
  void aScenarioThatKeepsStateBetweenRuns_isFlaggedAsNotReproduced() {
    AtomicInteger runs = new AtomicInteger();
    Scenario<Void> leaky = Scenario.of("leaky", () -> {
      if (runs.incrementAndGet() == 3) {
        throw new IllegalStateException("third run");
      }
    });
    Exploration<Void> e = Simulation.explore(leaky, 10);
    assertThat(e.failingSeed()).isEqualTo(OptionalLong.of(2));
    assertThat(e.reproduced()).isFalse();
    assertThat(e.report()).contains("WARNING: replaying the seed did not fail the same way");
  }

  @Test
  void note_outsideASimulatedRun_doesNothing() {
    Simulation.note("nobody hears this");
    AsyncIO.run(() -> Simulation.note("a plain loop ignores it too"));
    assertThatThrownBy(() -> Simulation.note(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void random_isTheRunsOwn_seededAndIndependentOfTheSchedule() {
    Scenario<List<Long>> draws = Scenario.of("draws", () -> {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        values.add(Simulation.random().nextLong());
        sleep(Duration.ofMillis(1));
      }
      return values;
    });
    List<Long> first = Simulation.replay(draws, 4).result();
    assertThat(Simulation.replay(draws, 4).result()).isEqualTo(first);
    assertThat(Simulation.replay(draws, 5).result()).isNotEqualTo(first);
    // the draws do not change the schedule: a run without them keeps the same ticks and times
    Scenario<Void> without = Scenario.of("no draws", () -> {
      for (int i = 0; i < 5; i++) {
        sleep(Duration.ofMillis(1));
      }
    });
    assertThat(Simulation.replay(without, 4).virtualTime()).isEqualTo(Simulation.replay(draws, 4).virtualTime());
    assertThatThrownBy(Simulation::random).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a simulated run");
  }

  @Test
  void currentSeed_insideARun_andOutside() {
    assertThat(Simulation.currentSeed()).isEmpty();
    assertThat(Simulation.replay(Scenario.of("seed", () -> Simulation.currentSeed().orElseThrow()), 99).result())
        .isEqualTo(99L);
  }

  @Test
  void aLoopFromTheBuilder_isSimulated_andKeepsItsTrace() {
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    long seed = AsyncIO.run(Simulation.loopBuilder(8), () -> {
      loop.set(getRunningLoop());
      Simulation.note("hello");
      sleep(Duration.ofMinutes(30)); // a manual clock the simulation moves: no real wait
      return Simulation.currentSeed().orElseThrow();
    });
    assertThat(seed).isEqualTo(8);
    RunTrace trace = Simulation.trace(loop.get());
    assertThat(trace.seed()).isEqualTo(8);
    assertThat(trace.events()).extracting(TraceEvent::text).contains("hello");
    try (EventLoop plain = EventLoop.create()) {
      assertThatThrownBy(() -> Simulation.trace(plain)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a simulated loop");
    }
  }
}
