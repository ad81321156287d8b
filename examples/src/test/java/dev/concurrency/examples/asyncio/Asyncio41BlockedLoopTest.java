package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Asyncio41BlockedLoopTest {

  @Test
  void run_blockingCallIsReportedWithItsStack_offloadedCallIsNot() throws Exception {
    ExampleRun run = ExampleRun.of("blocked-loop");
    List<String> story = AsyncioExamplesTest.story(run);

    assertThat(story.get(0)).matches("mistake: Thread\\.sleep\\(500 ms\\) in a task: \\d+ heartbeats, longest gap \\d+ ms");
    // the heartbeat could not tick while the task held the loop: the gap is at least the blocking call
    assertThat(gapMillis(story.get(0))).isGreaterThanOrEqualTo(500);
    assertThat(story.get(1)).matches("watchdog: the event loop has been blocked for \\d+ ms by task 'blocking-fetch'");
    List<String> stack = story.subList(2, story.size() - 2);
    assertThat(stack).isNotEmpty().allMatch(line -> line.startsWith("    at "));
    assertThat(stack).anyMatch(line -> line.contains("java.lang.Thread.sleep"));
    assertThat(stack.getLast()).contains("Asyncio41BlockedLoop.blockingFetch");
    assertThat(story.get(story.size() - 2))
        .matches("fix: toThread\\(\\(\\) -> Thread\\.sleep\\(500 ms\\)\\): \\d+ heartbeats, longest gap \\d+ ms");
    assertThat(story.getLast()).isEqualTo("watchdog reports during the fix: 0");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("mistake: heartbeat")
        .contains("fix: heartbeat")
        .contains("watchdog: report");
  }

  private static long gapMillis(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf("gap ") + "gap ".length(), line.lastIndexOf(" ms")));
  }
}
