package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing02PoolMapTest {

  @Test
  void run_countsInInputOrder_timelineShowsTwoWorkers() throws Exception {
    ExampleRun run = ExampleRun.of("pool-map");

    assertThat(run.lines())
        .startsWith(
            "primes below 20000: 2262", "primes below 40000: 4203", "primes below 60000: 6057", "primes below 80000: 7837");
    assertThat(run.text()).contains("Timeline:");
    assertThat(run.lines().stream().filter(line -> line.startsWith("worker ")).count())
        .as("one span per item").isEqualTo(4);
    assertThat(run.lines().stream().filter(line -> line.startsWith("worker ")).map(line -> line.substring(0, line.indexOf(':'))).distinct().count())
        .as("spans run on at most two worker processes, in %s", run.text())
        .isBetween(1L, 2L);
  }

  @Test
  void countPrimes_inThisProcess_matchesKnownCounts() {
    assertThat(Multiprocessing02PoolMap.countPrimes(100).primes()).isEqualTo(25);
    assertThat(Multiprocessing02PoolMap.countPrimes(2).primes()).isZero();
  }
}
