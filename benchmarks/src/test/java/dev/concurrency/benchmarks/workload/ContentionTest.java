package dev.concurrency.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ContentionTest {

  @Test
  void run_everySectionRuns_reportsARate() throws Exception {
    AtomicInteger entered = new AtomicInteger();

    assertThat(Contention.run(3, 100, entered::incrementAndGet))
        .singleElement()
        .satisfies(figure -> {
          assertThat(figure.metric()).isEqualTo("ops_per_s");
          assertThat(figure.value()).isPositive();
        });
    assertThat(entered).hasValue(300);
  }

  @Test
  void run_sectionThrows_failsTheWorkload() {
    assertThatThrownBy(() -> Contention.run(2, 10, () -> {
          throw new ArithmeticException("boom");
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a contender failed")
        .hasMessageContaining("boom");
  }

  @Test
  void mutex_counterNotIncremented_failsWithTheCount() {
    assertThatThrownBy(() -> Contention.mutex(Scale.QUICK, new long[1], () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the counter reached 0 instead of 40000");
  }

  @Test
  void semaphore_realSemaphore_passes() throws Exception {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(2);

    assertThat(Contention.semaphore(Scale.QUICK, permits::acquire, permits::release)).hasSize(1);
    assertThat(permits.availablePermits()).isEqualTo(2);
  }
}
