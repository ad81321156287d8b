package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing04SharedCounterTest {

  @Test
  void run_twoProcessesLoseNoIncrement() throws Exception {
    ExampleRun run = ExampleRun.of("shared-counter");

    assertThat(run.lines()).containsExactly("with the shared lock: 20000", "with atomic adds:     20000");
  }
}
