package dev.concurrency.model.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.base.Ticker;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ComparisonTest {

  private static final List<Task> SEED =
      List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));

  @Test
  void errorPercent_slowerThanPredicted_positive() {
    Comparison c = new Comparison(TimingModel.eventLoop(SEED), Measurement.of("run", Duration.ofMillis(2_050)));

    assertThat(c.errorPercent()).isCloseTo(2.5, within(1e-9));
    assertThat(c.summary()).isEqualTo("run (model: event loop): predicted 2.000 s, measured 2.050 s (+2.5 %)");
  }

  @Test
  void errorPercent_zeroPrediction_zeroOrNotApplicable() {
    Prediction zero = TimingModel.sequential(List.of());

    assertThat(new Comparison(zero, Measurement.of("r", Duration.ZERO)).errorPercent()).isZero();
    Comparison off = new Comparison(zero, Measurement.of("r", Duration.ofMillis(1)));
    assertThat(off.errorPercent()).isInfinite();
    assertThat(off.summary()).endsWith("(n/a)");
  }

  @Test
  void measurement_fromTrace_takesElapsedAndSpans() {
    AtomicLong now = new AtomicLong();
    Ticker ticker =
        new Ticker() {
          @Override
          public long read() {
            return now.get();
          }
        };
    Trace trace = Trace.start(ticker);
    trace.add(new Span("main", "x", 0, 5));
    now.set(7);

    Measurement m = Measurement.of("traced", trace);

    assertThat(m.wall()).isEqualTo(Duration.ofNanos(7));
    assertThat(m.spans()).containsExactly(new Span("main", "x", 0, 5));
  }

  @Test
  void sideBySide_prefixesPredictedAndMeasuredLanes() {
    Measurement m = new Measurement("run", Duration.ofSeconds(2), List.of(new Span("loop", "task2", 5, 2_000_000_005L)));
    Comparison c = new Comparison(TimingModel.eventLoop(SEED), m);

    assertThat(c.sideBySide())
        .containsExactly(
            new Span("predicted waiting", "task1", 0, 1_000_000_000L),
            new Span("predicted waiting", "task2", 0, 2_000_000_000L),
            new Span("measured loop", "task2", 5, 2_000_000_005L));
  }

  @Test
  void table_twoRuns_alignedColumns() {
    String table =
        ComparisonTable.render(
            List.of(
                new Comparison(TimingModel.sequential(SEED), Measurement.of("one by one", Duration.ofMillis(3_030))),
                new Comparison(TimingModel.eventLoop(SEED), Measurement.of("gather", Duration.ofMillis(1_990)))));

    assertThat(table)
        .isEqualTo(
            "run         model       predicted  lower bound  measured   error\n"
                + "one by one  sequential    3.000 s      3.000 s   3.030 s  +1.0 %\n"
                + "gather      event loop    2.000 s      2.000 s   1.990 s  -0.5 %\n");
  }

  @Test
  void plus_overhead_addsToWallNotToBound() {
    Prediction p = TimingModel.eventLoop(SEED).plus("loop start", Duration.ofMillis(50));

    assertThat(p.wall()).isEqualTo(Duration.ofMillis(2_050));
    assertThat(p.lowerBound()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.technique()).isEqualTo("event loop + loop start");
    assertThat(p.schedule()).hasSize(2);
    assertThatThrownBy(() -> p.plus("x", Duration.ofMillis(-1))).hasMessageContaining("overhead for x is negative");
  }

  @Test
  void records_badParts_rejected() {
    assertThatThrownBy(() -> Measurement.of("x", Duration.ofSeconds(-1))).hasMessageContaining("negative wall time");
    assertThatThrownBy(() -> new Prediction("p", Duration.ZERO, Duration.ofSeconds(1), "f", List.of()))
        .hasMessageContaining("lower bound");
    assertThatThrownBy(() -> new Comparison(null, Measurement.of("x", Duration.ZERO)))
        .isInstanceOf(NullPointerException.class);
  }
}
