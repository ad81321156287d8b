package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing03WorkerCrashTest {

  @Test
  void run_crashFailsOnlyItsTask_namesTheExitCode_poolCarriesOn_timelineShowsEveryTask() throws Exception {
    ExampleRun run = ExampleRun.of("pool-worker-crash");

    assertThat(run.lines())
        .startsWith(
            "square(0) = 0",
            "square(1) = 1",
            "crash task failed: worker ... died with exit code 3 while running task #3; the worker will be replaced",
            "square(2) = 4",
            "square(3) = 9",
            "after the crash: square(7) = 49");
    assertThat(run.text()).contains("Timeline:");
    assertThat(run.lines().stream().filter(line -> line.startsWith("square(") && line.contains(": submit .. result")).count())
        .as("one row per square task, in %s", run.text())
        .isEqualTo(5);
    assertThat(run.lines())
        .as("the crash's row and the pool's")
        .anyMatch(line -> line.startsWith("crash: submit .. result"))
        .anyMatch(line -> line.startsWith("parent: pool open .. close"));
  }
}
