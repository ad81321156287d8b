package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.ThreadBridge.toThread;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the async-core README's simulation section shows ({@code <!-- snippet: ...#explore -->}; the README
 * check keeps the two equal), run, with what its comments claim checked after it.
 */
@Timeout(60)
final class SimulationReadmeTest {

  /** A cache whose miss fetches in a thread: check, await, act. */
  static final class Cache {
    private final Map<String, String> entries = new LinkedHashMap<>();
    private int fetches;

    String get(String key) {
      String value = entries.get(key);
      if (value == null) {
        fetches++;
        value = toThread(() -> "value of " + key);
        entries.put(key, value);
      }
      return value;
    }

    int fetches() {
      return fetches;
    }
  }

  @Test
  void explore_findsTheRace_andReplayGivesTheSameRun() {
    // @start region="explore"
    Scenario<Integer> race = Scenario.of("two readers, one cache", () -> {
          Cache cache = new Cache();                          // fresh state in every run
          gather(() -> cache.get("k"), () -> cache.get("k")).await();
          return cache.fetches();
        })
        .expect("the key is fetched once", n -> n == 1);
    Exploration<Integer> e = Simulation.explore(race, 1_000);   // seeds 0..999, or a Duration budget
    String report = e.report();                                // the failing seed, the failure, the interleaving
    SimulatedRun<Integer> again = Simulation.replay(race, e.failingSeed().getAsLong());
    // @end
    assertThat(e.passed()).isFalse();
    assertThat(report).contains("seed " + e.failingSeed().getAsLong() + " failed").contains("how the tasks interleaved");
    assertThat(again.result()).isEqualTo(2);
    assertThat(again.trace().format()).isEqualTo(e.failure().orElseThrow().trace().format());
  }
}
