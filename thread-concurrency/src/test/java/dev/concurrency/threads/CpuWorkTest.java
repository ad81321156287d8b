package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class CpuWorkTest {

  @Test
  void spin_sameInput_sameAnswerAndRoundsCompose() {
    assertThat(CpuWork.spin(0, 7)).isEqualTo(7);
    assertThat(CpuWork.spin(1, 1)).isEqualTo(1082269761L); // 1 -> 8193 -> 8257 -> 1082269761, by hand
    assertThat(CpuWork.spin(1000, 1)).isEqualTo(CpuWork.spin(400, CpuWork.spin(600, 1)));
  }

  @Test
  void spin_badInput_throwsIllegalArgument() {
    assertThatThrownBy(() -> CpuWork.spin(-1, 1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> CpuWork.spin(1, 0)).hasMessageContaining("zero");
  }

  @Test
  void measureSpeedup_smallWork_positiveTimesAndRatio() throws Exception {
    CpuWork.Speedup s = CpuWork.measureSpeedup(200_000, 2);
    assertThat(s.oneThreadSeconds()).isPositive();
    assertThat(s.twoThreadsSeconds()).isPositive();
    assertThat(s.speedup()).isEqualTo(s.oneThreadSeconds() / s.twoThreadsSeconds());
    assertThatThrownBy(() -> CpuWork.measureSpeedup(1, 1)).hasMessageContaining("ops");
    assertThatThrownBy(() -> CpuWork.measureSpeedup(10, 0)).hasMessageContaining("rounds");
  }
}
