package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading06PriorityExecutorTest {

  @Test
  void run_priorityFifoAndAging_orderAsDocumented() throws Exception {
    ExampleRun run = ExampleRun.of("priority-executor");

    assertThat(run.lines()).startsWith(
        "strict priority: urgent(9) normal-a(5) normal-b(5) low(1) background(0) idle(-3)",
        "with aging:      urgent(9) old-low(1) fresh(3)",
        "Timeline:");
  }
}
