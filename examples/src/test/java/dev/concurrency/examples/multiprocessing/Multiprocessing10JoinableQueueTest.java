package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class Multiprocessing10JoinableQueueTest {

  @Test
  void run_joinWaitsForEveryTaskDone_thenEverySquareIsThere() throws Exception {
    ExampleRun run = ExampleRun.of("joinable-queue");

    assertThat(run.lines())
        .containsExactly(
            "put 10 tasks; no worker yet: join(100 ms) returned false, 10 unfinished",
            "join() returned: 0 unfinished",
            "squares: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]",
            "both workers stopped, exit codes [0, 0]");
  }
}
