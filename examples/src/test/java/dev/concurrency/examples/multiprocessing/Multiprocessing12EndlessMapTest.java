package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing12EndlessMapTest {

  @Test
  void run_findsTheFirstLongCollatzChain_readingOnlyTheBufferAheadOfTheResultsTaken() throws Exception {
    ExampleRun run = ExampleRun.of("pool-endless-map");

    assertThat(run.lines())
        .containsExactly(
            "first n above 100 steps: 27 (111)",
            "items read from the endless input: 31 (the 27 taken, and 4 ahead)");
  }

  @Test
  void collatzSteps_countsTheStepsToOne() {
    assertThat(Multiprocessing12EndlessMap.collatzSteps(1)).containsExactly(1, 0);
    assertThat(Multiprocessing12EndlessMap.collatzSteps(6)).containsExactly(6, 8);
    assertThat(Multiprocessing12EndlessMap.collatzSteps(27)).containsExactly(27, 111);
  }
}
