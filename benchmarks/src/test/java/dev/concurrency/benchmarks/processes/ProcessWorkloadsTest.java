package dev.concurrency.benchmarks.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each workload runs at the quick scale, verifies itself and reports the metric names. */
@Timeout(180)
final class ProcessWorkloadsTest {

  private static List<Figure> run(String name) throws Exception {
    Workload workload = ProcessWorkloads.all().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    return workload.run(Scale.QUICK);
  }

  private static List<String> metrics(List<Figure> figures) {
    return figures.stream().map(Figure::metric).toList();
  }

  @Test
  void seedProcess_reportsWallTime() throws Exception {
    List<Figure> figures = run("P1_seed_process");

    assertThat(metrics(figures)).containsExactly("wall_s");
    assertThat(figures.get(0).value()).isPositive();
  }

  @Test
  void spawnLatency_reportsColdAndWarmMedians() throws Exception {
    List<Figure> figures = run("P2_spawn_latency");

    assertThat(metrics(figures)).containsExactly("median_ms", "warm_median_ms");
    assertThat(figures).allMatch(f -> f.value() > 0);
  }

  @Test
  void poolMap_reportsStartThroughputAndEfficiency() throws Exception {
    List<Figure> figures = run("P3_pool_map");

    assertThat(metrics(figures)).containsExactly("pool_start_ms", "tiny_tasks_per_s", "burn_wall_s", "burn_efficiency");
    assertThat(figures.get(3).value()).isBetween(0.0, 1.05);
  }
}
