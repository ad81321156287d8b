package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke tests of the examples on locks, semaphores, queues and thread bridges (asyncio 20-23). */
@Timeout(60)
final class AsyncioPrimitivesExamplesTest {

  @Test
  void lock_withoutLockLosesUpdates_withLockCountsAll() throws Exception {
    ExampleRun run = ExampleRun.of("asyncio-lock");
    assertThat(AsyncioExamplesTest.story(run)).containsExactly(
        "without a lock: 100 increments -> counter = 1 (99 updates lost)",
        "with an AsyncLock: 100 increments -> counter = 100");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("task 0: no lock").contains("task 2: AsyncLock").doesNotContain("task 3");
  }

  @Test
  void semaphore_atMostThreeInFlight_fifoStarts() throws Exception {
    ExampleRun run = ExampleRun.of("asyncio-semaphore");
    List<String> lines = AsyncioExamplesTest.story(run);
    assertThat(AsyncioExamplesTest.timeline(run).toString()).contains("download 0").contains("download 9");
    assertThat(lines).startsWith("start 0 (in flight: 1)", "start 1 (in flight: 2)", "start 2 (in flight: 3)");
    assertThat(lines).filteredOn(l -> l.startsWith("start"))
        .extracting(l -> l.split(" ")[1])
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(lines).noneMatch(l -> l.contains("in flight: 4"));
    assertThat(lines).last().isEqualTo("at most 3 in flight; all 10 downloaded");
  }

  @Test
  void queue_joinThenShutdown_workersExit() throws Exception {
    ExampleRun run = ExampleRun.of("asyncio-queue");
    List<String> lines = AsyncioExamplesTest.story(run);
    assertThat(AsyncioExamplesTest.timeline(run).toString()).contains("w0").contains("w1");
    assertThat(lines).filteredOn(l -> l.startsWith("put job")).hasSize(6)
        .allSatisfy(l -> assertThat(l).matches("put job \\d \\(queued: [12]\\)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("all 6 jobs done: w0 did \\d, w1 did \\d"));
    assertThat(lines).endsWith("w0: queue shut down, exiting", "w1: queue shut down, exiting");
  }

  @Test
  void toThread_loopTicksWhileThreadBlocks() throws Exception {
    ExampleRun run = ExampleRun.of("asyncio-to-thread");
    assertThat(AsyncioExamplesTest.timeline(run).toString()).contains("pool thread").contains("loop: ticker");
    assertThat(AsyncioExamplesTest.story(run)).containsExactly(
        "main: handing the blocking call to a thread", "tick 0", "tick 1", "tick 2",
        "main: got \"file contents\" from a platform thread");
  }

  @Test
  void echoClient_ownServer_everyLineComesBack() throws Exception {
    ExampleRun run = ExampleRun.of("echo-client", "--clients", "50", "--lines", "10");
    List<String> lines = AsyncioExamplesTest.story(run);
    assertThat(lines).singleElement().asString().startsWith("50 clients x 10 lines: all 500 lines came back");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("client 0: 10 lines").contains("client 2: 10 lines").doesNotContain("client 3");
  }
}
