package dev.concurrency.benchmarks.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every async-core workload at the quick scale: each verifies itself and reports its named metrics. */
@Timeout(60)
final class AsyncCoreWorkloadsTest {

  @Test
  void all_quickScale_reportIssueNineMetrics() throws Exception {
    List<String> names = AsyncCoreWorkloads.all().stream().map(Workload::name).toList();
    assertThat(names).containsExactly(
        "E1_spawn_gather", "E2_yield_switch", "E3_timers", "E4_queue", "E5_lock", "E6_call_soon", "E7_seed_gather",
        "E8_echo", "E9_spawn_no_suspend");
    for (Workload w : AsyncCoreWorkloads.all()) {
      List<Figure> figures = w.run(Scale.QUICK);
      assertThat(figures).as(w.name()).isNotEmpty().allSatisfy(f -> assertThat(f.value()).isPositive());
      List<String> metrics = figures.stream().map(Figure::metric).toList();
      switch (w.name()) {
        case "E1_spawn_gather", "E9_spawn_no_suspend" -> assertThat(metrics).containsExactly("tasks_per_s");
        case "E2_yield_switch" -> assertThat(metrics).containsExactly("switches_per_s");
        case "E3_timers" -> assertThat(metrics).containsExactly("wall_s", "lateness_p50_ms", "lateness_p99_ms");
        case "E6_call_soon" -> assertThat(metrics).containsExactly("callbacks_per_s");
        case "E4_queue" -> assertThat(metrics).containsExactly("items_per_s");
        case "E5_lock" -> assertThat(metrics).containsExactly("acquisitions_per_s");
        case "E8_echo" -> assertThat(metrics).containsExactly("requests_per_s", "server_cpu_per_request_us");
        default -> assertThat(metrics).containsExactly("wall_s");
      }
    }
  }

  @Test
  void spawning_withTheEagerFactory_quickScale_reportTaskRates() throws Exception {
    List<Workload> spawning = AsyncCoreWorkloads.spawning();
    assertThat(spawning).extracting(Workload::name).containsExactly("E1_spawn_gather", "E9_spawn_no_suspend");
    String before = System.getProperty(AsyncCoreWorkloads.EAGER_PROPERTY);
    System.setProperty(AsyncCoreWorkloads.EAGER_PROPERTY, "true");
    try {
      for (Workload w : spawning) {
        assertThat(w.run(Scale.QUICK)).singleElement().satisfies(f -> {
          assertThat(f.metric()).isEqualTo("tasks_per_s");
          assertThat(f.value()).isPositive();
        });
      }
    } finally {
      if (before == null) {
        System.clearProperty(AsyncCoreWorkloads.EAGER_PROPERTY);
      } else {
        System.setProperty(AsyncCoreWorkloads.EAGER_PROPERTY, before);
      }
    }
  }
}
