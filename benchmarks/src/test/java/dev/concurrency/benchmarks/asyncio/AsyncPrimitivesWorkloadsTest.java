package dev.concurrency.benchmarks.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class AsyncPrimitivesWorkloadsTest {

  @Test
  void queueAndLock_quickScale_verifyThemselvesAndReportIssueNineMetrics() throws Exception {
    assertThat(AsyncPrimitivesWorkloads.all()).extracting(w -> w.name()).containsExactly("E4_queue", "E5_lock");
    List<Figure> queue = AsyncPrimitivesWorkloads.E4_QUEUE.run(Scale.QUICK);
    assertThat(queue).singleElement().satisfies(f -> {
      assertThat(f.metric()).isEqualTo("items_per_s");
      assertThat(f.value()).isPositive();
    });
    List<Figure> lock = AsyncPrimitivesWorkloads.E5_LOCK.run(Scale.QUICK);
    assertThat(lock).singleElement().satisfies(f -> {
      assertThat(f.metric()).isEqualTo("acquisitions_per_s");
      assertThat(f.value()).isPositive();
    });
  }
}
