package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class SpanTest {

  @Test
  void duration_wellFormedSpan_isEndMinusStart() {
    Span span = new Span("main", "task1", 5, 1_000_005);

    assertThat(span.durationNanos()).isEqualTo(1_000_000);
    assertThat(span.duration()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void constructor_endBeforeStart_saysWhichSpan() {
    assertThatThrownBy(() -> new Span("main", "task1", 10, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task1")
        .hasMessageContaining("ends (9 ns) before it starts (10 ns)");
  }

  @Test
  void constructor_negativeStart_pointsAtTraceStart() {
    assertThatThrownBy(() -> new Span("main", "task1", -1, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trace.start()");
  }

  @Test
  void constructor_nullNames_rejected() {
    assertThatThrownBy(() -> new Span(null, "x", 0, 0)).isInstanceOf(NullPointerException.class).hasMessage("lane");
    assertThatThrownBy(() -> new Span("x", null, 0, 0)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }
}
