package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ManualClockTest {

  @Test
  void advance_movesReadingAndElapsed() {
    ManualClock clock = TimerClock.manual();
    assertThat(clock.read()).isZero();
    clock.advance(Duration.ofMillis(1500));
    assertThat(clock.read()).isEqualTo(1_500_000_000L);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    assertThat(clock.toString()).contains("PT1.5S");
  }

  @Test
  void advance_badAmounts_throwWithMessage() {
    ManualClock clock = TimerClock.manual();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only moves forward");
    assertThatThrownBy(() -> clock.advance(Duration.ofDays(365L * 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smaller steps");
    assertThat(clock.read()).isZero();
  }

  @Test
  void systemClock_isMonotonicFromNearZero() {
    TimerClock system = TimerClock.system();
    long a = system.read();
    long b = system.read();
    assertThat(a).isNotNegative();
    assertThat(b).isGreaterThanOrEqualTo(a);
    assertThat(system.toString()).contains("system");
  }
}
