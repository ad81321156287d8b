package dev.concurrency.benchmarks.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JDK baseline workload, run here at the quick size: it checks itself and reports the issue's metrics. */
final class BaselineWorkloadsTest {

  /** The metric names of the benchmarks issue (and E8's two, from the async-core issue), and nothing else. */
  private static final Set<String> METRICS = Set.of("tasks_per_s", "switches_per_s", "wall_s", "lateness_p50_ms",
      "lateness_p99_ms", "items_per_s", "acquisitions_per_s", "callbacks_per_s", "t1_s", "t2_s", "speedup",
      "sequential_threads_per_s", "all_at_once_threads_per_s", "ops_per_s", "median_ms", "pool_start_ms",
      "tiny_tasks_per_s", "burn_wall_s", "burn_efficiency",
      "requests_per_s", "server_cpu_per_request_us"); // E8, issue 4's echo workload

  static Stream<Arguments> workloads() {
    return Stream.of(
            CompletableFutureWorkloads.all(), VirtualThreadWorkloads.all(), PlatformThreadWorkloads.all(),
            LockWorkloads.reentrantLock(), LockWorkloads.synchronizedBlock(), LockWorkloads.semaphore(),
            PoolWorkloads.all(), JvmChildWorkloads.all())
        .flatMap(List::stream)
        .map(workload -> Arguments.of(workload));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  @Timeout(60)
  void run_quick_reportsPositiveFiguresUnderTheIssuesMetricNames(Workload workload) throws Exception {
    List<Figure> figures = workload.run(Scale.QUICK);

    assertThat(figures).isNotEmpty().allSatisfy(figure -> {
      assertThat(METRICS).contains(figure.metric());
      assertThat(figure.value()).as(figure.metric()).isPositive().isFinite();
    });
  }
}
