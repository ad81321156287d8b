package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing06QueueWorkersTest {

  @Test
  void run_everyItemOnce_eachProducerInOrder() throws Exception {
    ExampleRun run = ExampleRun.of("queue-workers");

    assertThat(run.lines())
        .containsExactly(
            "received 10 items: [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]", "each producer's items in order: true");
  }
}
