package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke tests of the examples on the eager factory, Runner and context variables (asyncio 07-09). */
@Timeout(60)
final class AsyncioTaskApiExamplesTest {

  @Test
  void eagerTasks_cacheHitDoneAtOnce_missPending() throws Exception {
    assertThat(ExampleRun.of("eager-tasks").lines()).containsExactly(
        "default factory: lookup a done at once? false",
        "lookup a: cache hit",
        "eager factory: lookup a done at once? true",
        "lookup z: cache miss, fetching",
        "eager factory: lookup z done at once? false",
        "lookup z -> fetched z");
  }

  @Test
  void runner_oneLoopForEveryRun_heartbeatCancelledAtClose() throws Exception {
    assertThat(ExampleRun.of("runner").lines()).containsExactly(
        "connected on loop #1",
        "heartbeat 1",
        "users: 3 rows (same loop: true)",
        "heartbeat 2",
        "orders: 5 rows (same loop: true)",
        "heartbeat stopped: runner closed");
  }

  @Test
  void contextVar_eachRequestsTasksSeeItsId() throws Exception {
    assertThat(ExampleRun.of("context-var").lines()).containsExactly(
        "[r-1] handling",
        "[r-2] handling",
        "[r-1] fetched profile",
        "[r-1] fetched orders",
        "[r-2] fetched profile",
        "[r-2] fetched orders",
        "[-] main: both requests done");
  }
}
