package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class SimulationConfigTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    SimulationConfig c = SimulationConfig.defaults();
    assertThat(c.maxTimerLateness()).isEqualTo(Duration.ofMillis(1));
    assertThat(c.maxTickDuration()).isEqualTo(Duration.ofNanos(20_000));
    assertThat(c.maxArrivalTicks()).isEqualTo(8);
    assertThat(c.arrivalTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.tickLimit()).isEqualTo(1_000_000);
    assertThat(c.timeLimit()).isEqualTo(Duration.ofHours(24));
    assertThat(c.minLatency()).isEqualTo(Duration.ofNanos(100_000));
    assertThat(c.maxLatency()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.resetChance()).isZero();
    assertThat(c.failOnLoopErrors()).isTrue();
    assertThat(c.traceAwaitSites()).isTrue();
  }

  @Test
  void withers_changeOneSettingEach() {
    SimulationConfig d = SimulationConfig.defaults();
    assertThat(d.withMaxTimerLateness(Duration.ZERO).maxTimerLateness()).isZero();
    assertThat(d.withMaxTickDuration(Duration.ofMillis(2)).maxTickDuration()).isEqualTo(Duration.ofMillis(2));
    assertThat(d.withMaxArrivalTicks(0).maxArrivalTicks()).isZero();
    assertThat(d.withArrivalTimeout(Duration.ofSeconds(1)).arrivalTimeout()).isEqualTo(Duration.ofSeconds(1));
    SimulationConfig limited = d.withLimits(10, Duration.ofSeconds(3));
    assertThat(limited.tickLimit()).isEqualTo(10);
    assertThat(limited.timeLimit()).isEqualTo(Duration.ofSeconds(3));
    SimulationConfig net = d.withNetworkLatency(Duration.ofMillis(1), Duration.ofMillis(9));
    assertThat(net.minLatency()).isEqualTo(Duration.ofMillis(1));
    assertThat(net.maxLatency()).isEqualTo(Duration.ofMillis(9));
    assertThat(d.withResetChance(0.25).resetChance()).isEqualTo(0.25);
    assertThat(d.withFailOnLoopErrors(false).failOnLoopErrors()).isFalse();
    assertThat(d.withTraceAwaitSites(false).traceAwaitSites()).isFalse();
    // the others stay as they were
    assertThat(d.withResetChance(0.25).withResetChance(0)).isEqualTo(d);
  }

  @Test
  void badSettings_areRefused_namingTheSetting() {
    SimulationConfig d = SimulationConfig.defaults();
    assertThatThrownBy(() -> d.withMaxTimerLateness(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTimerLateness");
    assertThatThrownBy(() -> d.withMaxTickDuration(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTickDuration");
    assertThatThrownBy(() -> d.withMaxArrivalTicks(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxArrivalTicks");
    assertThatThrownBy(() -> d.withArrivalTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arrivalTimeout");
    assertThatThrownBy(() -> d.withLimits(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tickLimit");
    assertThatThrownBy(() -> d.withLimits(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeLimit");
    assertThatThrownBy(() -> d.withNetworkLatency(Duration.ofMillis(2), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLatency").hasMessageContaining("minLatency");
    assertThatThrownBy(() -> d.withResetChance(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetChance");
    assertThatThrownBy(() -> d.withResetChance(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetChance");
    assertThatThrownBy(() -> d.withMaxTimerLateness(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 365 days");
    assertThatThrownBy(() -> d.withMaxTimerLateness(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxTimerLateness");
  }
}
