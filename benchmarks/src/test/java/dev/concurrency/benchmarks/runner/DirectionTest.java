package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class DirectionTest {

  @ParameterizedTest
  @CsvSource({
      "tasks_per_s, HIGHER", "switches_per_s, HIGHER", "sequential_threads_per_s, HIGHER", "speedup, HIGHER",
      "burn_efficiency, HIGHER", "wall_s, LOWER", "t1_s, LOWER", "lateness_p99_ms, LOWER", "median_ms, LOWER",
      "pool_start_ms, LOWER", "burn_wall_s, LOWER", "requests_per_s, HIGHER", "server_cpu_per_request_us, LOWER"})
  void of_everyIssueMetric_hasItsDirection(String metric, Direction expected) {
    assertThat(Direction.of(metric)).isEqualTo(expected);
  }

  @Test
  void of_unknownShape_isUnknown_andNeverARatio() {
    assertThat(Direction.of("pool_vs_tpe")).isEqualTo(Direction.UNKNOWN);
    assertThat(Direction.UNKNOWN.advantage(2, 1)).isNaN();
    assertThat(Direction.UNKNOWN.word()).isEqualTo("?");
  }

  @Test
  void advantage_aboveOneMeansTheProjectIsBetter() {
    assertThat(Direction.HIGHER.advantage(300, 100)).isEqualTo(3.0);
    assertThat(Direction.LOWER.advantage(1, 4)).isEqualTo(4.0);
    assertThat(Direction.LOWER.advantage(4, 1)).isEqualTo(0.25);
  }

  @Test
  void advantage_nonPositiveValue_isNaN() {
    assertThat(Direction.HIGHER.advantage(0, 1)).isNaN();
    assertThat(Direction.LOWER.advantage(1, Double.NaN)).isNaN();
  }

  @Test
  void word_isForTables() {
    assertThat(Direction.HIGHER.word()).isEqualTo("higher");
    assertThat(Direction.LOWER.word()).isEqualTo("lower");
  }
}
