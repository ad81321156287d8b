package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.Interference;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.Prediction;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import java.time.Duration;
import java.util.List;
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
        .containsPattern("conclusion: work stealing finished -?\\d+ % sooner than fixed halves|no conclusion from this run: ")
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

  private static final List<Task> UNEVEN = Faq06Trends.UNITS.stream()
      .map(units -> Task.cpu("t", Duration.ofMillis(20L * units))).toList();

  /** Two threads with fixed halves: the first half, 11 units of 20 ms, is the longer. */
  private static Comparison halves(long measuredMillis) {
    Prediction predicted = new Prediction("fixed halves on 2 threads", Duration.ofMillis(220),
        TimingModel.lowerBound(UNEVEN, 2, 2), "max(sum of each half)", List.of());
    return new Comparison(predicted, Measurement.of("static halves", Duration.ofMillis(measuredMillis)));
  }

  private static Comparison stealing(long measuredMillis) {
    return new Comparison(TimingModel.pool(UNEVEN, 2, 2), Measurement.of("work stealing", Duration.ofMillis(measuredMillis)));
  }

  @Test
  void schedulingConclusion_quietRunNearTheModel_saysHowMuchSooner() {
    String line = Faq06Trends.schedulingConclusion(halves(230), stealing(170), Interference.none(Duration.ofSeconds(1), 2));

    assertThat(line).isEqualTo("conclusion: work stealing finished 26 % sooner than fixed halves (the model predicts"
        + " 27 %): the idle worker took the busy one's queued tasks");
  }

  @Test
  void schedulingConclusion_theRunOfTheLoadedMachine_isNotPrinted() {
    // the figures of the loaded run once shown in the class header: stealing 1.456 s, halves 1.130 s
    String line = Faq06Trends.schedulingConclusion(halves(1_130), stealing(1_456), Interference.none(Duration.ofSeconds(3), 2));

    assertThat(line).startsWith(
        "no conclusion from this run: 'static halves' took 1.130 s where the model predicts 0.220 s (+414 %)");
  }

  @Test
  void schedulingConclusion_stealingSlowerButNearTheModel_isNotPrinted() {
    String line = Faq06Trends.schedulingConclusion(halves(220), stealing(230), Interference.none(Duration.ofSeconds(1), 2));

    assertThat(line).startsWith(
        "no conclusion from this run: work stealing came out slower than fixed halves, which it cannot be on free cores");
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
