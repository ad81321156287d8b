package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepetitionsTest {

  /** A workload whose n-th run reports n, and a clock that each run moves on by {@code secondsPerRun}. */
  private static final class Counting {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicLong nanos = new AtomicLong();

    Workload workload(String name, double secondsPerRun) {
      return Workload.of(name, scale -> {
        nanos.addAndGet((long) (secondsPerRun * 1e9));
        return List.of(new Figure("runs", runs.incrementAndGet(), "n"));
      });
    }
  }

  @Test
  void aQuickWorkloadWarmsUpForTwoSecondsThenReportsTheMedianOfThreeRuns() throws Exception {
    Counting c = new Counting();

    List<Figure> figures = Repetitions.measure(c.workload("E1_spawn_gather", 0.25), Scale.FULL, c.nanos::get);

    // 8 warm-up runs reach 2 s; then runs 9, 10 and 11 are measured, and 10 is their median
    assertThat(c.runs).hasValue(11);
    assertThat(figures).containsExactly(new Figure("runs", 10, "n"));
  }

  @Test
  void aSlowWorkloadWarmsUpTwiceAtLeast() throws Exception {
    Counting c = new Counting();

    Repetitions.measure(c.workload("E3_timers", 5), Scale.FULL, c.nanos::get);

    assertThat(c.runs).hasValue(Repetitions.WARM_UP_MIN_RUNS + Repetitions.MEASURED_RUNS);
  }

  @Test
  void warmUpStopsAtItsCapOnAVeryFastWorkload() throws Exception {
    Counting c = new Counting();

    Repetitions.measure(c.workload("E6_call_soon", 0), Scale.FULL, c.nanos::get);

    assertThat(c.runs).hasValue(Repetitions.WARM_UP_MAX_RUNS + Repetitions.MEASURED_RUNS);
  }

  @Test
  void aColdWorkloadRunsOnceAtEveryScale() throws Exception {
    for (Scale scale : Scale.values()) {
      Counting c = new Counting();

      List<Figure> figures = Repetitions.measure(c.workload("E7_seed_gather", 1), scale, c.nanos::get);

      assertThat(c.runs).hasValue(1);
      assertThat(figures).containsExactly(new Figure("runs", 1, "n"));
    }
  }

  @Test
  void aSmokeTestRunsOnceToWarmUpAndOnceMeasured() throws Exception {
    Counting c = new Counting();

    List<Figure> figures = Repetitions.measure(c.workload("E1_spawn_gather", 0), Scale.QUICK, c.nanos::get);

    assertThat(c.runs).hasValue(2);
    assertThat(figures).containsExactly(new Figure("runs", 2, "n"));
  }

  @Test
  void theMedianIsTakenPerMetricInTheFirstRunsOrder() {
    List<Figure> medians = Repetitions.medians(List.of(
        List.of(new Figure("wall_s", 3, "s"), new Figure("p99_ms", 10, "ms")),
        List.of(new Figure("wall_s", 1, "s"), new Figure("p99_ms", 30, "ms")),
        List.of(new Figure("wall_s", 2, "s"), new Figure("p99_ms", 20, "ms"))));

    assertThat(medians).containsExactly(new Figure("wall_s", 2, "s"), new Figure("p99_ms", 20, "ms"));
  }

  @Test
  void aFailedCheckInAWarmUpRunFailsTheMeasurement() {
    Workload wrong = Fakes.wrong("E1_spawn_gather");

    assertThatThrownBy(() -> Repetitions.measure(wrong, Scale.FULL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wrong result");
  }
}
