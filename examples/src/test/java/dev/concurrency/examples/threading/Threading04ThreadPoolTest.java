package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading04ThreadPoolTest {

  @Test
  void run_everyPoolFeature_reportsItsGuarantee() throws Exception {
    ExampleRun run = ExampleRun.of("thread-pool");

    assertThat(run.lines()).startsWith(
        "map, in input order: [0, 1, 4, 9, 16, 25]",
        "as completed: job 1, job 2, job 3",
        "wait FIRST_COMPLETED: 1 done, 1 not done",
        "composed with thenApply: JOB 1",
        "bounded queue (2) under BLOCK: 6 tasks submitted, 6 ran, producer waited for room",
        "shutdown(wait, cancelFutures): 2 queued tasks cancelled, 1 running task finished",
        "Timeline:");
  }
}
