package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.gather;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.simulation.SimulationReadmeTest.Cache;
import dev.concurrency.async.streams.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the simulation package's Javadoc shows ({@code {@snippet
 * class=dev.concurrency.async.simulation.SimulationSnippetsTest region=...}}), run, with what its comments claim
 * checked after it. Every run is simulated: time is virtual.
 */
@Timeout(60)
final class SimulationSnippetsTest {

  /** What the snippets print, in order. */
  private final List<String> printed = Collections.synchronizedList(new ArrayList<>());

  private void print(String text) {
    printed.add(text);
    System.out.print(text);
  }

  @BeforeEach
  void clearPrinted() {
    printed.clear();
  }

  /** The racy scenario of the Javadoc: two readers of one cache, each fetching on a miss. */
  private static Scenario<Integer> racyCache() {
    return Scenario.of("two readers, one cache", () -> {
          Cache cache = new Cache();
          gather(() -> cache.get("k"), () -> cache.get("k")).await();
          return cache.fetches();
        })
        .expect("the key is fetched once", fetches -> fetches == 1);
  }

  @Test
  void scenario_fetchesTwiceOnSomeSeeds_andFreshStateInEveryRun() {
    // @start region="scenario"
    Scenario<Integer> fetchOnce = Scenario.of("two readers, one cache", () -> {
          Cache cache = new Cache();                   // fresh state in every run
          gather(() -> cache.get("k"), () -> cache.get("k")).await();
          return cache.fetches();
        })
        .expect("the key is fetched once", fetches -> fetches == 1);
    // @end
    Exploration<Integer> e = Simulation.explore(fetchOnce, 1_000);
    assertThat(e.passed()).isFalse();
    assertThat(e.failure().orElseThrow().result()).isEqualTo(2);
    // Fresh state: a run of a passing seed sees one fetch, not the fetches of the runs before it.
    assertThat(Simulation.replay(fetchOnce, e.failingSeed().getAsLong()).result()).isEqualTo(2);
    assertThat(fetchOnce.name()).isEqualTo("two readers, one cache");
  }

  @Test
  void explore_findsTheFailingSeed_andReplayFailsTheSameWay() {
    Scenario<Integer> scenario = racyCache();
    // @start region="explore"
    Exploration<Integer> e = Simulation.explore(scenario, 1_000);     // seeds 0..999
    if (!e.passed()) {
      System.out.print(e.report());                                 // the seed, the failure, the interleaving
      SimulatedRun<Integer> again = Simulation.replay(scenario, e.failingSeed().getAsLong());
    }
    // @end
    assertThat(e.passed()).isFalse();
    assertThat(e.runs()).isLessThanOrEqualTo(1_000);
    long seed = e.failingSeed().getAsLong();
    assertThat(seed).isBetween(0L, 999L);
    assertThat(e.report())
        .contains("seed " + seed + " failed")
        .contains("the key is fetched once")
        .contains("how the tasks interleaved");
    SimulatedRun<Integer> replayed = Simulation.replay(scenario, seed);
    assertThat(replayed.failed()).isTrue();
    assertThat(replayed.trace().format()).isEqualTo(e.failure().orElseThrow().trace().format());
  }

  /** The exploration snippet: prints a failing run's report, then throws if a run failed. */
  private static void exploreAndAssert(Scenario<Integer> scenario) {
    // @start region="exploration"
    Exploration<Integer> e = Simulation.explore(scenario, 1_000);
    e.failure().ifPresent(run -> System.out.print(run.report()));
    e.assertPassed();          // an AssertionError with the report, for tests
    // @end
  }

  @Test
  void exploration_assertPassed_throwsAnAssertionErrorWithTheReport() {
    Exploration<Integer> e = Simulation.explore(racyCache(), 1_000);
    e.failure().ifPresent(run -> print(run.report()));
    assertThat(String.join("", printed)).contains("seed " + e.failingSeed().getAsLong() + ":");
    assertThatThrownBy(e::assertPassed).isInstanceOf(AssertionError.class).hasMessage(e.report());
    assertThatThrownBy(() -> exploreAndAssert(racyCache()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed " + e.failingSeed().getAsLong() + " failed");
    Scenario<Integer> fine = Scenario.of("one reader", () -> new Cache().get("k").length())
        .expect("a value", n -> n > 0);
    exploreAndAssert(fine);   // no failure: nothing printed, nothing thrown
  }

  @Test
  void runTrace_interleaving_showsTheTasksOfTheReplayedSeed() {
    Scenario<Integer> scenario = racyCache();
    // @start region="runTrace"
    SimulatedRun<Integer> run = Simulation.replay(scenario, 17);
    System.out.print(run.trace().interleaving());
    // @end
    print(run.trace().interleaving());
    assertThat(run.seed()).isEqualTo(17);
    assertThat(printed.get(0)).startsWith("seed 17: how the tasks interleaved");
    assertThat(Simulation.replay(scenario, 17).trace().interleaving()).isEqualTo(printed.get(0));
  }

  @Test
  void simulationConfig_withers_changeOnlyTheirBounds() {
    // @start region="simulationConfig"
    SimulationConfig config = SimulationConfig.defaults()
        .withMaxTimerLateness(Duration.ofMillis(5))
        .withNetworkLatency(Duration.ofMillis(1), Duration.ofMillis(20));
    // @end
    SimulationConfig defaults = SimulationConfig.defaults();
    assertThat(config.maxTimerLateness()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.minLatency()).isEqualTo(Duration.ofMillis(1));
    assertThat(config.maxLatency()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.maxTickDuration()).isEqualTo(defaults.maxTickDuration());
    assertThat(config.resetChance()).isEqualTo(defaults.resetChance());
  }

  @Test
  void simulatedNetwork_echoesWhatTheClientSends_overManySeeds() {
    Scenario<String> echo = Scenario.of("echo a line", () -> {
      // @start region="simulatedNetwork"
      SimulatedNetwork net = SimulatedNetwork.current();
      net.startServer((reader, writer) -> {               // the same handler a real server runs
        writer.write(reader.readLine());
        writer.drain();
      }, "db", 5432);
      Connection c = net.openConnection("db", 5432);      // as Streams.openConnection("db", 5432)
      // @end
      c.writer().write("ping\n".getBytes(UTF_8));
      String answer = new String(c.reader().readLine(), UTF_8);
      c.writer().close();
      return answer;
    }).expect("the server echoes the line", "ping\n"::equals);
    Simulation.explore(echo, 50).assertPassed();
  }
}
