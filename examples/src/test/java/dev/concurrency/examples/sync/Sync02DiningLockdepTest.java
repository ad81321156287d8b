package dev.concurrency.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;

final class Sync02DiningLockdepTest {

  @Test
  void run_oneThread_fifthPhilosopherClosesTheCycle() throws Exception {
    ExampleRun run = ExampleRun.of("dining-lockdep");

    assertThat(run.lines())
        .startsWith(
            "philosopher-0 ate (took fork-0, then fork-1)",
            "philosopher-1 ate (took fork-1, then fork-2)",
            "philosopher-2 ate (took fork-2, then fork-3)",
            "philosopher-3 ate (took fork-3, then fork-4)")
        .endsWith("edges with their stacks: 5");
    assertThat(run.lines().get(4))
        .startsWith("philosopher-4 refused: potential deadlock")
        .contains("'fork-4' -> 'fork-0' -> 'fork-1' -> 'fork-2' -> 'fork-3' -> 'fork-4'");
  }
}
