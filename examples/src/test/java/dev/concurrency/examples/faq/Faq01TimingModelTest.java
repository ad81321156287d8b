package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class Faq01TimingModelTest {

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void run_threeSamples_predictionBesideMeasurementAndTimeline() throws Exception {
    Path svg = dir.resolve("timing.svg");
    ExampleRun run = ExampleRun.of("timing-model", "--svg", svg.toString());

    assertThat(run.text())
        .contains("task1 waits 250.0 ms, task2 waits 500.0 ms")
        .containsPattern("run +model +predicted +lower bound +measured +error")
        // the seed's sum and the overlap model, for each sample; the predictions are exact, the error a figure
        .containsPattern("seed-asyncio +sequential +750\\.0 ms +750\\.0 ms +\\S+ m?s +[+-]\\d+\\.\\d %")
        .containsPattern("seed-asyncio +event loop +500\\.0 ms +500\\.0 ms +\\S+ m?s +[+-]\\d+\\.\\d %")
        .containsPattern("seed-threads +sequential +750\\.0 ms")
        .containsPattern("seed-threads +2 workers on \\d+ cores +500\\.0 ms +500\\.0 ms")
        .containsPattern("seed-processes +sequential +750\\.0 ms")
        .containsPattern("seed-processes +2 workers on \\d+ cores \\+ process start +\\S+ m?s +500\\.0 ms")
        .contains("process start: from start() to the child's \"started\" line")
        .contains("Timeline:");
    // the children print the seed's lines, each task's "started" before its "completed"
    assertThat(run.lines()).contains("Task 1 started", "Task 1 completed", "Task 2 started", "Task 2 completed");
    assertThat(run.lines().indexOf("Task 1 started")).isLessThan(run.lines().indexOf("Task 1 completed"));
    // the chart has a row per task of each sample, and the JVMs' start-up before the processes' tasks
    assertThat(run.text())
        .containsPattern("seed-asyncio: task1 +\\|")
        .containsPattern("seed-threads: task2 +\\|")
        .containsPattern("seed-processes: JVM start +\\|")
        .containsPattern("seed-processes: task2 +\\|");
    assertThat(Files.readString(svg)).contains("<svg").contains("seed-processes");
  }
}
