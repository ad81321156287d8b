package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.SeedParity;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Asyncio01SeedTest {

  @Test
  void run_printsFourLinesInAsyncioOrder_inAboutTwoSeconds() throws Exception {
    ExampleRun cold = ExampleRun.of("seed-asyncio");
    ExampleRun warm = ExampleRun.of("seed-asyncio"); // timed: the first run also pays class loading

    for (ExampleRun run : java.util.List.of(cold, warm)) {
      assertThat(AsyncioExamplesTest.timeline(run).toString()).contains("task1").contains("task2");
      assertThat(AsyncioExamplesTest.story(run))
          .containsExactly("Task 1 started", "Task 2 started", "Task 1 completed", "Task 2 completed");
    }
    // the sleeps overlap: about max(1 s, 2 s), never 1 s + 2 s (a generous bound for a loaded machine)
    assertThat(warm.wall()).isBetween(Duration.ofMillis(1990), Duration.ofMillis(2900));
  }

  /** Seed parity: section_4_1_asyncio_gather.py and the port print the same lines in the same order. */
  @Test
  void parity_withPythonSample_sameLinesSameOrderSameShape() throws Exception {
    ExampleRun python = SeedParity.runPython("section_4_1_asyncio_gather.py");
    ExampleRun run = ExampleRun.of("seed-asyncio");
    ExampleRun java = new ExampleRun(AsyncioExamplesTest.story(run), run.wall()); // the sample's lines

    SeedParity.assertSameLines(python, java);
    assertThat(java.lines()).as("asyncio's order is deterministic").containsExactlyElementsOf(python.lines());
    SeedParity.assertStartedBeforeCompleted(java, 2);
  }
}
