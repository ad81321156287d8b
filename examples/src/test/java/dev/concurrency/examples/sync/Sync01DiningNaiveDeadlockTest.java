package dev.concurrency.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

final class Sync01DiningNaiveDeadlockTest {

  @RepeatedTest(5)
  @Timeout(60)
  void run_deadlocksEveryTime_oneVictimIsRefusedAndTheOthersEat() throws Exception {
    ExampleRun run = ExampleRun.of("dining-naive");

    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(0)).isEqualTo("every philosopher holds the left fork and reaches for the right one");
    assertThat(run.lines().get(1))
        .matches("philosopher-\\d was refused: deadlock: .*")
        .contains("(a cycle of 5 waits)");
    assertThat(run.lines().get(2)).isEqualTo("4 philosophers ate, 1 gave up as the deadlock's victim; nobody hung");
  }
}
