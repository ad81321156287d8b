package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Faq04PriorityVsTimeSliceTest {

  @Test
  @Timeout(120)
  void run_sameJobs_executorsMatchTheSimulatorStepForStep() throws Exception {
    ExampleRun run = ExampleRun.of("priority-vs-time-slice");

    assertThat(run.lines().get(0)).startsWith("jobs (steps, priority; 1 = most urgent): A 6 3, B 2 1, C 4 2");
    // job, predicted done, measured done, predicted response, measured response: the steps are exact
    assertThat(run.text())
        .containsPattern("priority +A +12 +12 +6 +6")
        .containsPattern("priority +B +2 +2 +0 +0")
        .containsPattern("priority +C +6 +6 +2 +2")
        .containsPattern("round robin q=2 +A +12 +12 +0 +0")
        .containsPattern("round robin q=2 +B +4 +4 +2 +2")
        .containsPattern("round robin q=2 +C +10 +10 +4 +4")
        .containsPattern("priority: mean turnaround predicted 6\\.67 steps, measured 6\\.67 steps; wall predicted"
            + " \\S+ m?s, measured \\S+ m?s")
        .containsPattern("round robin q=2: mean turnaround predicted 8\\.67 steps, measured 8\\.67 steps")
        .contains("Timeline:")
        .containsPattern("priority \\(model\\): B +\\|")
        .containsPattern("priority \\(run\\): B +\\|")
        // round robin slices A three times in the model, and six single steps in the run
        .containsPattern("round robin q=2 \\(model\\): A +\\|.*\\(3 spans")
        .containsPattern("round robin q=2 \\(run\\): A +\\|.*\\(6 spans");
  }
}
