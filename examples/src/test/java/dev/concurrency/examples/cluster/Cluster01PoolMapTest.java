package dev.concurrency.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
final class Cluster01PoolMapTest {

  @Test
  void run_countsInInputOrder_chunksDealtToTheThreeMembersInTurn() throws Exception {
    ExampleRun run = ExampleRun.of("cluster-pool-map");

    assertThat(run.lines())
        .startsWith(
            "3 members: member-1, member-2, member-3",
            "primes below 20000: 2262",
            "primes below 40000: 4203",
            "primes below 60000: 6057",
            "primes below 80000: 7837",
            "map 1, chunk 0 (items 0-0) ran on member-1",
            "map 1, chunk 1 (items 1-1) ran on member-2",
            "map 1, chunk 2 (items 2-2) ran on member-3",
            "map 1, chunk 3 (items 3-3) ran on member-1");
    assertThat(run.text()).contains("Timeline:").contains("busy ms");
    assertThat(run.lines().stream().filter(line -> line.matches("member-\\d .*")).count())
        .as("a summary row per member, in %s", run.text())
        .isEqualTo(3);
  }

  @Test
  void countPrimes_inThisProcess_matchesKnownCounts() {
    assertThat(Cluster01PoolMap.countPrimes(100).primes()).isEqualTo(25);
    assertThat(Cluster01PoolMap.countPrimes(2).primes()).isZero();
  }
}
