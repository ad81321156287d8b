package dev.concurrency.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.SeedParity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class Model01SeedAsyncioTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void run_twoWaitsOverlap_tookAboutTheLongerNotTheSum() throws Exception {
    Path svg = dir.resolve("seed.svg");
    ExampleRun run = ExampleRun.of("model-seed-asyncio", "--svg", svg.toString());

    assertThat(run.lines().subList(0, 4))
        .containsExactly("Task 1 started", "Task 2 started", "Task 1 completed", "Task 2 completed");
    assertThat(run.text())
        .containsPattern("gather +sequential +3\\.000 s +3\\.000 s")
        .containsPattern("gather +event loop +2\\.000 s +2\\.000 s")
        .contains("holds only for sequential execution");
    // Timers never fire early, so the run takes at least the longer wait; overlap is shown by the chart:
    // task1's bar ends at about half the width, task2's fills it, both starting at the left edge.
    assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(run.text()).containsPattern("measured event-loop: task1 +\\|\\.{0,6}#{25,35}\\.{25,35}\\|");
    assertThat(run.text()).containsPattern("measured event-loop: task2 +\\|\\.{0,6}#{54,60}\\.{0,2}\\|");
    assertThat(run.text()).containsPattern("predicted waiting: task2 +\\|#{50,60}\\.{0,10}\\|");
    assertThat(Files.readString(svg)).contains("measured event-loop: task2").contains("predicted waiting: task1");
  }

  /** Seed parity: the seed's asyncio sample prints the same four lines in the same order. */
  @Test
  @Timeout(120)
  void parity_withPythonSample_sameFirstFourLines() throws Exception {
    ExampleRun python = SeedParity.runPython("section_4_1_asyncio_gather.py");
    ExampleRun java = ExampleRun.of("model-seed-asyncio");

    assertThat(java.lines().subList(0, 4)).isEqualTo(python.lines());
  }
}
