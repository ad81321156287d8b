package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class BurnTest {

  @Test
  void chain_matchesThePythonPeers() {
    // The peers' burn_sum: x = from; for i in range(from, to): x = (x * 31 + i) & 0xFFFFFFFF
    assertThat(Burn.chain(0, 3)).isEqualTo(((0L * 31 + 0) * 31 + 1) * 31 + 2);
    assertThat(Burn.chain(3, 10)).isEqualTo(3715294691L);
    assertThat(Burn.chain(0, 1_000_000)).isEqualTo(2028822816L);
  }

  @Test
  void task_returnsTheChainAndANonNegativeCpuTime() {
    long[] run = Burn.task(10_000);

    assertThat(run[0]).isEqualTo(Burn.chain(0, 10_000));
    assertThat(run[1]).isNotNegative();
  }

  @Test
  void iterationsFor_positiveTarget_isPositive() {
    assertThat(Burn.iterationsFor(Duration.ofMillis(1))).isPositive();
  }

  @Test
  void iterationsFor_nonPositiveTarget_isRejected() {
    assertThatThrownBy(() -> Burn.iterationsFor(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be positive");
  }
}
