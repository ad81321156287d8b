package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading05NaivePriorityQueueTest {

  /** The failure the example exists to show: submit throws, and nothing runs. */
  @Test
  void run_naivePriorityPool_submitThrowsClassCastException() throws Exception {
    ExampleRun run = ExampleRun.of("priority-naive-submit");

    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(1))
        .startsWith("submit(() -> 42) threw ClassCastException: ")
        .contains("FutureTask", "Comparable");
    assertThat(run.lines().get(2)).isEqualTo("the pool ran 0 tasks");
  }
}
