package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing04SharedCounterTest {

  @Test
  void run_twoProcessesLoseNoIncrement_timelineShowsBothChildren() throws Exception {
    ExampleRun run = ExampleRun.of("shared-counter");

    assertThat(run.lines()).startsWith("with the shared lock: 20000", "with atomic adds:     20000");
    assertThat(run.text()).contains("Timeline:");
    assertThat(run.lines())
        .as("one row per child process and one for the parent's read")
        .anyMatch(line -> line.startsWith("p1: start .. join"))
        .anyMatch(line -> line.startsWith("p2: start .. join"))
        .anyMatch(line -> line.startsWith("parent: read counters"));
  }
}
