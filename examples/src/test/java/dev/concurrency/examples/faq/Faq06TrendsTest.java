package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Faq06TrendsTest {

  @Test
  @Timeout(120)
  void run_threeTrends_tableModelLineExceptionGroupAndTimeline() throws Exception {
    ExampleRun run = ExampleRun.of("trends");

    assertThat(run.lines().get(0))
        .matches("1\\. scheduling: 8 computations of 8, 1, 1, 1, 1, 1, 1, 2 units of about \\S+ m?s, on 2 threads");
    assertThat(run.text())
        .containsPattern("run +model +predicted +lower bound +measured +error")
        .containsPattern("static halves +fixed halves on 2 threads +\\S+ m?s +\\S+ m?s +\\S+ m?s +[+-]\\d+\\.\\d %")
        .containsPattern("work stealing +2 workers on 2 cores +\\S+ m?s")
        .containsPattern("tasks stolen by the idle worker: \\d+")
        .containsPattern("2\\. many cores, predicted: 1 core \\S+ m?s, 2 cores .*16 cores \\S+ m?s; the longest task")
        // both failures come out together, the one raised while cancelling too; no task is left running
        .contains("3. errors: a task group of 3; users fails, so the group cancels orders and prices: ExceptionGroup"
            + " of 2 [users: connection refused, orders: rollback failed while cancelling]; cancelled: ")
        .containsPattern("cancelled: (orders, prices|prices, orders)\n")
        .contains("Timeline:")
        .containsPattern("static halves: half-1 +\\|")
        .containsPattern("work stealing: stealer-\\d +\\|")
        .containsPattern("task group: prices +\\|");
  }

  @Test
  void halvesOfTheWorkload_areUneven_soStaticSplittingLeavesAThreadIdle() {
    int mid = Faq06Trends.UNITS.size() / 2;
    int first = Faq06Trends.UNITS.subList(0, mid).stream().mapToInt(Integer::intValue).sum();
    int second = Faq06Trends.UNITS.subList(mid, Faq06Trends.UNITS.size()).stream().mapToInt(Integer::intValue).sum();

    assertThat(first).isEqualTo(11);
    assertThat(second).isEqualTo(5);
  }
}
