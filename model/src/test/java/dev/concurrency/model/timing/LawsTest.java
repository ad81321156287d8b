package dev.concurrency.model.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Amdahl, Gustafson, Little and the resource model, checked on worked numbers. */
final class LawsTest {

  @Test
  void amdahl_workedNumbers() {
    assertThat(Speedup.amdahl(0.9, 4)).isCloseTo(1 / (0.1 + 0.225), within(1e-12)); // 3.077
    assertThat(Speedup.amdahl(0.5, 1_000_000)).isCloseTo(2.0, within(1e-5));
    assertThat(Speedup.amdahl(1.0, 8)).isEqualTo(8.0);
    assertThat(Speedup.amdahl(0.0, 8)).isEqualTo(1.0);
    assertThat(Speedup.amdahlLimit(0.95)).isCloseTo(20.0, within(1e-9));
    assertThat(Speedup.amdahlLimit(1.0)).isInfinite();
  }

  @Test
  void gustafson_workedNumbers() {
    assertThat(Speedup.gustafson(0.9, 4)).isCloseTo(3.7, within(1e-12));
    assertThat(Speedup.gustafson(0.0, 64)).isEqualTo(1.0);
    assertThat(Speedup.gustafson(1.0, 64)).isEqualTo(64.0);
  }

  @Property(tries = 200)
  void amdahl_neverAboveGustafsonNorProcessorsNorLimit(
      @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll @IntRange(min = 1, max = 1024) int n) {
    double a = Speedup.amdahl(p, n);

    assertThat(a).isBetween(1.0 - 1e-12, n + 1e-9);
    assertThat(a).isLessThanOrEqualTo(Speedup.gustafson(p, n) + 1e-9);
    assertThat(a).isLessThanOrEqualTo(Speedup.amdahlLimit(p) + 1e-9);
  }

  @Test
  void speedup_badArguments_rejected() {
    assertThatThrownBy(() -> Speedup.amdahl(1.5, 2)).hasMessageContaining("parallel fraction is 1.5");
    assertThatThrownBy(() -> Speedup.gustafson(0.5, 0)).hasMessageContaining("processors is 0");
    assertThatThrownBy(() -> Speedup.amdahlLimit(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void littlesLaw_poolSizing() {
    Duration w = Duration.ofMillis(50);

    assertThat(LittlesLaw.inSystem(200, w)).isCloseTo(10.0, within(1e-9));
    assertThat(LittlesLaw.throughput(10, w)).isCloseTo(200.0, within(1e-9));
    assertThat(LittlesLaw.timeInSystem(10, 200)).isEqualTo(w);
    assertThat(LittlesLaw.utilisation(150, w, 10)).isCloseTo(0.75, within(1e-9));
    assertThat(LittlesLaw.saturationRate(w, 10)).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void littlesLaw_badArguments_rejected() {
    assertThatThrownBy(() -> LittlesLaw.inSystem(-1, Duration.ZERO)).hasMessageContaining("arrival rate is -1");
    assertThatThrownBy(() -> LittlesLaw.throughput(1, Duration.ZERO)).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> LittlesLaw.throughput(-1, Duration.ofSeconds(1))).hasMessageContaining("inSystem is -1");
    assertThatThrownBy(() -> LittlesLaw.timeInSystem(1, 0)).hasMessageContaining("arrival rate must be positive");
    assertThatThrownBy(() -> LittlesLaw.timeInSystem(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LittlesLaw.utilisation(1, Duration.ofSeconds(1), 0)).hasMessageContaining("servers is 0");
    assertThatThrownBy(() -> LittlesLaw.saturationRate(Duration.ofSeconds(1), 0)).hasMessageContaining("servers is 0");
    assertThatThrownBy(() -> LittlesLaw.inSystem(1, Duration.ofSeconds(-1))).hasMessageContaining("negative");
  }

  private static final List<Task> MEMORY =
      List.of(
          Task.cpu("a", Duration.ofSeconds(1)).withDemand(400),
          Task.cpu("b", Duration.ofSeconds(1)).withDemand(300),
          Task.waiting("c", Duration.ofSeconds(1)).withDemand(200),
          Task.waiting("d", Duration.ofSeconds(1)).withDemand(100));

  @Test
  void resources_seedTotalOnlyWhenAllRunAtOnce() {
    assertThat(Resources.totalDemand(MEMORY)).isEqualTo(1000.0);
    assertThat(Resources.peakDemand(MEMORY, 1)).isEqualTo(400.0);
    assertThat(Resources.peakDemand(MEMORY, 2)).isEqualTo(700.0);
    assertThat(Resources.peakDemand(MEMORY, 10)).isEqualTo(1000.0);
    assertThat(Resources.utilisation(MEMORY, 2, 1000)).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void resources_saturationPoint_firstConcurrencyOverCapacity() {
    assertThat(Resources.saturationPoint(MEMORY, 800)).hasValue(3); // 400+300 fits, +200 does not
    assertThat(Resources.saturationPoint(MEMORY, 1000)).isEmpty();
    assertThat(Resources.saturationPoint(MEMORY, 100)).hasValue(1);
  }

  @Test
  void resources_badArguments_rejected() {
    assertThatThrownBy(() -> Resources.peakDemand(MEMORY, 0)).hasMessageContaining("concurrency is 0");
    assertThatThrownBy(() -> Resources.saturationPoint(MEMORY, 0)).hasMessageContaining("capacity is 0");
    assertThatThrownBy(() -> Task.cpu("x", Duration.ofSeconds(-1))).hasMessageContaining("negative duration");
    assertThatThrownBy(() -> Task.cpu("x", Duration.ZERO).withDemand(Double.NaN)).hasMessageContaining("demand NaN");
  }
}
