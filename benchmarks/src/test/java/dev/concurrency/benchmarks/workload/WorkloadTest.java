package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class WorkloadTest {

  @Test
  void check_false_throwsWithTheMessage() {
    assertThatThrownBy(() -> Workload.check(false, "3 of 4 tasks ran"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("wrong result: 3 of 4 tasks ran");
    assertThatCode(() -> Workload.check(true, "never thrown")).doesNotThrowAnyException();
  }

  @Test
  void of_runsTheBodyUnderTheName() throws Exception {
    Workload workload = Workload.of("X1", scale -> List.of(new Figure("n", scale.pick(2, 1), "x")));

    assertThat(workload.name()).isEqualTo("X1");
    assertThat(workload).hasToString("X1");
    assertThat(workload.run(Scale.QUICK)).containsExactly(new Figure("n", 1, "x"));
  }
}
