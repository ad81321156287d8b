package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading12VirtualThreadPoolTest {

  private static final Pattern FIXED =
      Pattern.compile("fixed pool of 2 platform threads: (\\d+\\.\\d\\d) s \\(at least 1\\.00 s: 50 rounds of 2\\)");

  /**
   * Only the fixed pool's lower bound is checked: sleeps never end early, so two workers need at least 1 s. How
   * fast the virtual threads are is a measurement, not a test.
   */
  @Test
  void run_blockingTasks_fixedPoolBoundedBelowVirtualReported() throws Exception {
    ExampleRun run = ExampleRun.of("virtual-thread-pool");

    assertThat(run.lines().get(0)).isEqualTo("100 tasks, each blocking 20 ms");
    Matcher fixed = FIXED.matcher(run.lines().get(1));
    assertThat(fixed.matches()).as(run.lines().get(1)).isTrue();
    assertThat(Double.parseDouble(fixed.group(1))).isGreaterThanOrEqualTo(1.0);
    assertThat(run.lines().get(2)).matches("virtual thread per task: +\\d+\\.\\d\\d s");
  }
}
