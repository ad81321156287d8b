package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke tests of the asyncio group's examples other than the seed sample: each runs and prints what it says. */
@Timeout(60)
final class AsyncioExamplesTest {

  /** The lines an example printed before its timeline. */
  static List<String> story(ExampleRun run) {
    int timeline = run.lines().indexOf("Timeline:");
    return timeline < 0 ? run.lines() : run.lines().subList(0, timeline);
  }

  static List<String> timeline(ExampleRun run) {
    int timeline = run.lines().indexOf("Timeline:");
    return timeline < 0 ? List.of() : run.lines().subList(timeline, run.lines().size());
  }

  @Test
  void callbackOrder_ticksAndTimersInDocumentedOrder() throws Exception {
    assertThat(ExampleRun.of("callback-order").lines()).containsExactly(
        "tick 1: first", "tick 1: soon 2", "tick 2: soon, from first",
        "later 10 ms (a)", "later 10 ms (b)", "later 20 ms");
  }

  @Test
  void timeout_cancelsDownloadThenLooksUp() throws Exception {
    ExampleRun run = ExampleRun.of("timeout");
    assertThat(timeline(run).toString()).contains("download").contains("lookup");
    assertThat(story(run)).containsExactly(
        "download: started", "download: cancelled, cleaning up", "download: gave up after 100 ms", "lookup: 42");
    assertThat(run.wall()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void taskGroupFailure_cancelsSiblings_reportsGroup() throws Exception {
    ExampleRun run = ExampleRun.of("task-group-failure");
    assertThat(timeline(run).toString()).contains("users").contains("orders").contains("prices");
    assertThat(story(run)).containsExactly(
        "users: fetching", "orders: fetching", "prices: fetching", "orders: failed",
        "users: cancelled", "prices: cancelled",
        "group failed: [java.net.ConnectException: orders: connection refused]");
  }

  @Test
  void cancelCleanup_workerStopsAtAwait_finallyRuns() throws Exception {
    ExampleRun run = ExampleRun.of("cancel-cleanup");
    assertThat(timeline(run).toString()).contains("worker");
    assertThat(story(run)).containsExactly(
        "worker: working", "worker: working", "worker: working",
        "worker: releasing resources", "main: worker cancelled (shutting down)");
  }

  @Test
  void virtualTime_isInstantAndDeterministic() throws Exception {
    ExampleRun first = ExampleRun.of("virtual-time");
    ExampleRun second = ExampleRun.of("virtual-time");
    assertThat(first.lines()).as("the whole output, timeline included, is deterministic").isEqualTo(second.lines());
    assertThat(timeline(first)).isNotEmpty();
    assertThat(story(first)).containsExactly(
        "    3600 s  hourly", "    5400 s  every 90 min", "    7200 s  hourly",
        "   10800 s  every 90 min", "   10800 s  hourly", "   16200 s  every 90 min", "simulated 16200 s");
    assertThat(first.wall()).isLessThan(Duration.ofSeconds(10));
  }
}
