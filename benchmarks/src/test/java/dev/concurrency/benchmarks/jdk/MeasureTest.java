package dev.concurrency.benchmarks.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class MeasureTest {

  @Test
  void percentile_isNearestRank() {
    assertThat(Measure.percentile(new long[] {5, 1, 4, 2, 3}, 0.5)).isEqualTo(3);
    assertThat(Measure.percentile(new long[] {5, 1, 4, 2, 3}, 0.99)).isEqualTo(5);
    assertThat(Measure.percentile(new long[] {7}, 0.01)).isEqualTo(7);
  }

  @Test
  void percentile_badInput_isRejected() {
    assertThatThrownBy(() -> Measure.percentile(new long[0], 0.5)).hasMessageContaining("need values");
    assertThatThrownBy(() -> Measure.percentile(new long[] {1}, 0)).hasMessageContaining("fraction in (0, 1]");
  }

  @Test
  void rateAndTime_convertNanoseconds() {
    assertThat(Measure.rate("tasks_per_s", 500, 250_000_000, "tasks/s").value()).isEqualTo(2000.0);
    assertThat(Measure.wallSeconds("wall_s", 2_000_000_000).value()).isEqualTo(2.0);
    assertThat(Measure.millis(1_500_000)).isEqualTo(1.5);
  }

  @Test
  @Timeout(30)
  void joinAll_threadThatDoesNotEnd_failsInsteadOfHanging() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread stuck = Thread.ofPlatform().start(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThatThrownBy(() -> Measure.joinAll(stuck, Duration.ofMillis(50)))
          .hasMessageContaining("did not finish within PT0.05S");
    } finally {
      release.countDown();
      stuck.join();
    }
  }

  @Test
  void child_roles_printTheSeedLinesOrNothing() {
    assertThat(JvmChildWorkloads.child("noop").command())
        .endsWith(JvmChild.class.getName(), "noop");
    assertThatThrownBy(() -> JvmChild.main(new String[] {"fly"})).hasMessageContaining("unknown role 'fly'");
    assertThatThrownBy(() -> JvmChild.main(new String[0])).hasMessageContaining("usage");
  }
}
