package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading08WorkStealingTest {

  @Test
  void run_forkJoinSum_matchesSequentialAndReportsSteals() throws Exception {
    ExampleRun run = ExampleRun.of("work-stealing");

    assertThat(run.lines().get(0)).isEqualTo(
        "sum over 4096 uneven items on a ForkJoinPool of 2 workers: 3071316069895805285 (matches the sequential sum)");
    assertThat(run.lines().get(1)).matches("pieces: 64, steals: \\d+");
    assertThat(run.lines()).contains("Timeline:");
  }
}
