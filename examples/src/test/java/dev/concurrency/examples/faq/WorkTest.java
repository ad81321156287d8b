package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.model.timing.TaskKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class WorkTest {

  @Test
  void waiting_describesItselfToTheModelAsAWait() {
    List<Work> waits = Work.waiting(Duration.ofMillis(5)).times(3);

    assertThat(Work.tasks("io", waits)).extracting(t -> t.name() + " " + t.kind() + " " + t.duration())
        .containsExactly("io1 WAIT PT0.005S", "io2 WAIT PT0.005S", "io3 WAIT PT0.005S");
    assertThat(Work.describe(waits)).isEqualTo("3 waits of 5.0 ms");
  }

  @Test
  @Timeout(60)
  void computing_calibrated_isACpuTaskWithRoundsAndAPositiveDuration() throws Exception {
    Work cpu = Work.computing(Duration.ofMillis(2));

    assertThat(cpu.kind()).isEqualTo(TaskKind.CPU);
    assertThat(cpu.rounds()).isPositive();
    assertThat(cpu.duration()).isPositive();
    assertThat(Work.describe(cpu.times(2))).startsWith("2 computations of about ");
  }

  @Test
  void constructor_negativeDurationOrRounds_rejectedWithTheValue() {
    assertThatThrownBy(() -> Work.waiting(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration must not be negative");
    assertThatThrownBy(() -> new Work(TaskKind.CPU, Duration.ZERO, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> Work.waiting(Duration.ZERO).times(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
