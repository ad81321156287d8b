package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Faq05RacesAndDeadlocksTest {

  @Test
  @Timeout(120)
  void run_tour_fixesAreExactLimitHoldsAndLockOrderIsEnforced() throws Exception {
    ExampleRun run = ExampleRun.of("races-and-deadlocks");

    // the three fixes count exactly; the unsafe row may lose any number (0 when the threads did not overlap)
    assertThat(run.text())
        .containsPattern("mutex +2000000 +2000000 +0 +\\S+ m?s")
        .containsPattern("task allocation \\(own parts\\) +2000000 +2000000 +0")
        .containsPattern("scheduling \\(one worker\\) +2000000 +2000000 +0");
    Matcher unsafe = Pattern.compile("unsafe \\(volatile, no lock\\) +2000000 +(\\d+) +(\\d+)").matcher(run.text());
    assertThat(unsafe.find()).as("the unsafe row").isTrue();
    assertThat(Long.parseLong(unsafe.group(1)) + Long.parseLong(unsafe.group(2))).isEqualTo(2_000_000);

    // the semaphore: predicted three rounds of 50 ms, and never more than three inside
    assertThat(run.text())
        .containsPattern("no limit +8 workers on \\d+ cores +50\\.0 ms")
        .containsPattern("semaphore\\(3\\) +3 workers on \\d+ cores +150\\.0 ms")
        .containsPattern("peak connections in use: no limit [1-8], semaphore\\(3\\) [1-3]\n");

    assertThat(run.text())
        .contains("taking b then a: LockOrderException: lock order violated")
        .contains("requested 'a' (rank 1) while holding 'b' (rank 2)")
        .containsPattern("ordered locks: 20000 transfers in \\S+ m?s, no deadlock; total 2000 before and 2000 after")
        .contains("Timeline:")
        .containsPattern("semaphore\\(3\\): client 8 +\\|")
        .containsPattern("ordered: ordered-1 +\\|");
  }
}
