package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing06QueueWorkersTest {

  @Test
  void run_everyItemOnce_eachProducerInOrder_timelineShowsBothProducers() throws Exception {
    ExampleRun run = ExampleRun.of("queue-workers");

    assertThat(run.lines())
        .startsWith(
            "received 10 items: [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]", "each producer's items in order: true");
    assertThat(run.text()).contains("Timeline:");
    assertThat(run.lines())
        .as("one row per producer process and one for the parent's gets")
        .anyMatch(line -> line.startsWith("producer 0: start .. join"))
        .anyMatch(line -> line.startsWith("producer 100: start .. join"))
        .anyMatch(line -> line.startsWith("parent: get() x10"));
  }
}
