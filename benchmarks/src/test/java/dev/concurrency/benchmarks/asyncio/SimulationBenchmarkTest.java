package dev.concurrency.benchmarks.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The speed bar's body runs: each invocation is 100 passing runs under new seeds. */
final class SimulationBenchmarkTest {

  @Test
  @Timeout(60)
  void tenTaskRuns_runsAHundredNewSeeds_eachPassingItsCheck() {
    SimulationBenchmark benchmark = new SimulationBenchmark();
    assertThat(benchmark.tenTaskRuns()).isEqualTo(SimulationBenchmark.RUNS);
    assertThat(benchmark.tenTaskRuns()).isEqualTo(SimulationBenchmark.RUNS); // the next hundred seeds pass too
  }
}
