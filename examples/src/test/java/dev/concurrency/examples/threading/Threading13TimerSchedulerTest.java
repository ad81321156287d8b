package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading13TimerSchedulerTest {

  @Test
  void run_timersAndScheduler_reportTheirGuarantees() throws Exception {
    ExampleRun run = ExampleRun.of("timer-and-scheduler");

    assertThat(run.lines()).startsWith(
        "timer A (0.2 s): fired, not before its interval",
        "timer B (0.2 s): cancel() while waiting = true; its action never ran",
        "timer C: cancel() while its action runs = false; the action finished",
        "heartbeat every 0.05 s: the third beat calls cancel(false) = true; 3 beats in all",
        "manual clock: a task due in 1 h is pending after 59 min, ran when the clock reached 1 h (no real hour passed)",
        "Timeline:");
  }
}
