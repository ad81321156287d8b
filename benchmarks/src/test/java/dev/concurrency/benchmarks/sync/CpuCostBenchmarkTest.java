package dev.concurrency.benchmarks.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class CpuCostBenchmarkTest {

  @Test
  @Timeout(60)
  void measure_tiny_reportsEveryPrimitiveAndRunsEveryLoop() throws Exception {
    CpuCostBenchmark benchmark = new CpuCostBenchmark();

    List<CpuCostBenchmark.Cost> costs = benchmark.measure(3, 1_000);

    assertThat(costs)
        .extracting(CpuCostBenchmark.Cost::primitive)
        .containsExactly("Mutex", "ReentrantMutex", "ReentrantLock", "synchronized", "CountingSemaphore", "Semaphore");
    assertThat(costs).allSatisfy(cost -> {
      assertThat(cost.minNanos()).isNotNegative();
      assertThat(cost.medianNanos()).isGreaterThanOrEqualTo(cost.minNanos());
    });
    // 2 warm-up + 3 measured rounds of 1,000: four loops add 1 per pass, and the two semaphore loops add the
    // one permit left free while they hold the other.
    assertThat(benchmark.counter()).isEqualTo(5L * 1_000 * 6);
  }
}
