package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing03WorkerCrashTest {

  @Test
  void run_crashFailsOnlyItsTask_namesTheExitCode_poolCarriesOn() throws Exception {
    ExampleRun run = ExampleRun.of("pool-worker-crash");

    assertThat(run.lines())
        .containsExactly(
            "square(0) = 0",
            "square(1) = 1",
            "crash task failed: worker ... died with exit code 3 while running task #3; the worker will be replaced",
            "square(2) = 4",
            "square(3) = 9",
            "after the crash: square(7) = 49");
  }
}
