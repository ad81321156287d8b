package dev.concurrency.benchmarks.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each workload runs at the quick scale on a real loopback cluster, verifies itself and reports its metrics. */
@Timeout(300)
final class ClusterWorkloadsTest {

  @AfterAll
  static void closeCluster() {
    ClusterWorkloads.closeSharedCluster();
  }

  private static List<Figure> run(String name) throws Exception {
    Workload workload = ClusterWorkloads.all().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    return workload.run(Scale.QUICK);
  }

  private static List<String> metrics(List<Figure> figures) {
    return figures.stream().map(Figure::metric).toList();
  }

  @Test
  void clusterStart_reportsTheFirstAndTheJoiningMembersStart() throws Exception {
    List<Figure> figures = run("C1_cluster_start");

    assertThat(metrics(figures)).containsExactly("first_member_start_ms", "joining_member_start_ms");
    assertThat(figures).allMatch(f -> f.value() > 0);
  }

  @Test
  void taskOverhead_reportsRoundTripAndBatchRate() throws Exception {
    List<Figure> figures = run("C2_task_overhead");

    assertThat(metrics(figures)).containsExactly("task_roundtrip_ms", "empty_tasks_per_s");
    assertThat(figures).allMatch(f -> f.value() > 0);
  }

  @Test
  void poolMap_reportsThroughputAndEfficiency_likeTheProcessPools() throws Exception {
    List<Figure> figures = run("P3_pool_map");

    assertThat(metrics(figures)).containsExactly("tiny_tasks_per_s", "burn_wall_s", "burn_efficiency");
    assertThat(figures.get(2).value()).isBetween(0.0, 1.05);
  }
}
