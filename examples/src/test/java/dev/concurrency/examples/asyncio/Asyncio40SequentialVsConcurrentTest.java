package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Asyncio40SequentialVsConcurrentTest {

  @Test
  void run_sequentialAwaitsEndInTurn_gatheredAllStartFirst_withModelTable() throws Exception {
    ExampleRun run = ExampleRun.of("sequential-vs-concurrent");
    List<String> story = AsyncioExamplesTest.story(run);

    assertThat(story).hasSize(7);
    // the order proves what the wall times only suggest: awaited in turn vs overlapping
    assertThat(story.get(0)).isEqualTo("one after another: start 1, end 1, start 2, end 2, start 3, end 3");
    assertThat(story.get(1)).isEqualTo("gathered:          start 1, start 2, start 3, end 1, end 2, end 3");
    assertThat(story.get(2))
        .matches("one after another: 3 awaits of 300 ms took \\d+\\.\\d{3} s \\(model: sum of T_i = 0\\.900 s\\)");
    assertThat(story.get(3))
        .matches("gathered:          3 awaits of 300 ms took \\d+\\.\\d{3} s \\(model: max of T_i = 0\\.300 s\\)");
    assertThat(story.get(4)).startsWith("run").contains("predicted").contains("measured").contains("error");
    assertThat(story.get(5)).startsWith("one after another").contains("sequential").contains("900.0 ms");
    assertThat(story.get(6)).startsWith("gathered").contains("event loop").contains("300.0 ms");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("one after another: fetch 1")
        .contains("gathered: fetch 3");
  }

  @Test
  void run_sleepsNeverEndEarly_eachRunTakesAtLeastItsModelsLowerBound() throws Exception {
    List<String> story = AsyncioExamplesTest.story(ExampleRun.of("sequential-vs-concurrent"));

    // a sleep never ends before its time: these are semantics, not speed
    assertThat(seconds(story.get(2))).isGreaterThanOrEqualTo(0.9);
    assertThat(seconds(story.get(3))).isGreaterThanOrEqualTo(0.3);
  }

  private static double seconds(String line) {
    String took = line.substring(line.indexOf("took ") + "took ".length());
    return Double.parseDouble(took.substring(0, took.indexOf(' ')));
  }
}
