package dev.concurrency.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;

final class Model05AllocationTest {

  @Test
  void run_handWorkedMakespans() throws Exception {
    ExampleRun run = ExampleRun.of("model-allocation");

    // by hand, two cores: in order 2|3, 3->5, 4->7, 5->10, 6->13, 7->17; LPT 7|6, 5->11, 4->11, 3->14, 3->14,
    // 2->16; optimum 7+5+3 | 6+4+3+2 = 15 = sum / 2
    assertThat(run.text())
        .contains("lower bound max(max T_i, sum T_i / cores): 15 ms")
        .contains("optimum (all 128 splits tried):            15 ms")
        .contains("in the order given (list scheduling):      17 ms")
        .contains("longest first (LPT):                       16 ms  (Graham's guarantee: at most 17.5 ms)")
        .contains("TimingModel.pool predicts:                 16.0 ms")
        .contains("Timeline:");
    assertThat(Model05Allocation.optimum()).isEqualTo(15);
  }
}
