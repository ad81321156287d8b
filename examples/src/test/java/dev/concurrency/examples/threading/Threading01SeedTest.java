package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.SeedParity;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

final class Threading01SeedTest {

  @RepeatedTest(20)
  void run_printsFourLines_eachTaskStartsBeforeItCompletes() throws Exception {
    ExampleRun java = ExampleRun.of("seed-threads");

    assertThat(java.lines())
        .containsExactlyInAnyOrder("Task 1 started", "Task 1 completed", "Task 2 started", "Task 2 completed");
    SeedParity.assertStartedBeforeCompleted(java, 2);
  }

  /** Seed parity: section_4_2_1_threads.py and the Java port print the same lines with the same guarantees. */
  @Test
  void parity_withPythonSample_sameLinesSameOrderingGuarantees() throws Exception {
    SeedParity.assertParity("section_4_2_1_threads.py", "seed-threads", 2);
  }
}
