package dev.concurrency.benchmarks.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class SyncWorkloadsTest {

  @Test
  @Timeout(60)
  void all_quick_eachReportsAPositiveRate() throws Exception {
    List<Workload> workloads = SyncWorkloads.all();
    assertThat(workloads).extracting(Workload::name).containsExactly("S1_mutex", "S2_semaphore");
    for (Workload workload : workloads) {
      List<Figure> figures = workload.run(Scale.QUICK);
      assertThat(figures).singleElement().satisfies(figure -> {
        assertThat(figure.metric()).isEqualTo("ops_per_s");
        assertThat(figure.value()).isPositive();
      });
    }
  }
}
