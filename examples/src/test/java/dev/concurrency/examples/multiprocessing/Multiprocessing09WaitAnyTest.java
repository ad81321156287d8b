package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class Multiprocessing09WaitAnyTest {

  @Test
  void run_everyPipeAndTheSentinelHandled_thenEverythingEnded() throws Exception {
    ExampleRun run = ExampleRun.of("wait-pipes-and-sentinels");

    assertThat(run.lines()).first().isEqualTo("waiting on 3 pipes and 1 sentinel");
    assertThat(run.lines().subList(1, 5))
        .as("in the order they became ready, which a loaded machine may change")
        .containsExactlyInAnyOrder(
            "worker 0 done after 200 ms",
            "worker 3 ended with exit code 3 (its sentinel)",
            "worker 1 done after 600 ms",
            "worker 2 done after 1000 ms");
    assertThat(run.lines().get(5)).isEqualTo("every pipe at end of file, every process ended");
    assertThat(run.lines())
        .as("a timeline row per worker")
        .anyMatch(line -> line.startsWith("worker 0: go .. seen"))
        .anyMatch(line -> line.startsWith("worker 3: go .. seen"));
  }
}
