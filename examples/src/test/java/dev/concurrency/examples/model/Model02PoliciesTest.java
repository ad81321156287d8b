package dev.concurrency.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

final class Model02PoliciesTest {

  @Test
  void run_tableOfPolicies_handComputedRowsAndSrtfLowestWait() throws Exception {
    ExampleRun run = ExampleRun.of("model-policies");

    // worked by hand: FCFS runs P1 0-10, P2, P3, P4, P5 -> waits 0, 9, 9, 10, 10
    assertThat(run.text()).containsPattern("FCFS +7\\.60 +11\\.40 +7\\.60 +19 +4");
    // SJF: P1 first (alone), then P2, P4, P3, P5 -> waits 0, 9, 10, 8, 10
    assertThat(run.text()).containsPattern("SJF +7\\.40 +11\\.20 +7\\.40 +19");
    List<String> rows =
        run.lines().stream().filter(l -> l.matches(".*( +\\d+\\.\\d\\d){3}( +\\d+){2}")).toList();
    assertThat(rows).hasSize(Model02Policies.POLICIES.size());
    String lowest = rows.stream().min(Comparator.comparingDouble(Model02PoliciesTest::meanWait)).orElseThrow();
    assertThat(lowest).startsWith("SRTF");
    assertThat(run.text()).contains("Timeline:").contains("cpu0: P5").contains("RR q=2: mean wait");
  }

  private static double meanWait(String row) {
    String[] cells = row.substring(30).trim().split(" +");
    return Double.parseDouble(cells[0]);
  }
}
