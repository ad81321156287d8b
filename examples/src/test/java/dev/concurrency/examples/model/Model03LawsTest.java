package dev.concurrency.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;

final class Model03LawsTest {

  @Test
  void run_printsWorkedNumbers() throws Exception {
    ExampleRun run = ExampleRun.of("model-laws");

    assertThat(run.text())
        // Amdahl p = 0.9: 1 / (0.1 + 0.9 / 4) = 3.08 on 4 cores, never above 10
        .containsPattern("0\\.90 +1\\.00 +1\\.82 +3\\.08 +4\\.71 +6\\.40 +9\\.91 +10\\.00")
        // Gustafson p = 0.9: 0.1 + 0.9 n
        .containsPattern("0\\.90 +1\\.00 +1\\.90 +3\\.70 +7\\.30 +14\\.50 +921\\.70")
        .contains("200 requests/s at 50 ms each keep 10.0 workers busy")
        .contains("a pool of 8 serves at most 160 requests/s; at 150/s it is 93.8 % busy")
        .contains("seed's R_total (all at once): 1000 MB = 125 % of capacity")
        .contains("at most 1 at once: worst case 400 MB (50 %)")
        .contains("saturation point: 3 at once exceed capacity; run at most 2 together")
        .contains("predicted speedup 3.00")
        .contains("worker-3: parallel");
  }
}
