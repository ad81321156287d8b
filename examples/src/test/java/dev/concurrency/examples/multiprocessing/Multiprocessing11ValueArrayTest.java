package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing11ValueArrayTest {

  @Test
  void run_theChildsWritesAreReadHere() throws Exception {
    ExampleRun run = ExampleRun.of("shared-value-array");

    assertThat(run.lines())
        .containsExactly(
            "num.value = 3.1415927", "arr[:]    = [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]", "text      = HELLO");
  }
}
