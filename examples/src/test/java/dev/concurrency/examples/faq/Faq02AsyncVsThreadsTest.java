package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Faq02AsyncVsThreadsTest {

  @Test
  @Timeout(120)
  void run_waitsAndComputations_loopAndThreadsBesideTheModel() throws Exception {
    ExampleRun run = ExampleRun.of("async-vs-threads");

    assertThat(run.lines().get(0)).matches("I/O-bound: 8 waits of 100\\.0 ms; CPU-bound: 4 computations of about"
        + " \\S+ m?s; \\d+ cores");
    assertThat(run.text())
        .containsPattern("run +model +predicted +lower bound +measured +error")
        // eight waits overlap on one loop thread: predicted as one wait
        .containsPattern("IO loop +event loop +100\\.0 ms +100\\.0 ms +\\S+ m?s +[+-]\\d+\\.\\d %")
        .containsPattern("IO 8 threads +8 workers on \\d+ cores +100\\.0 ms")
        .containsPattern("CPU loop +event loop +\\S+ m?s")
        .containsPattern("CPU \\d+ threads +\\d+ workers on \\d+ cores")
        .containsPattern("under a GIL \\(CPython\\), predicted: \\S+ m?s")
        .containsPattern("conclusion: the event loop overlaps waiting as threads do|no conclusion from this run: ")
        .contains("Timeline:")
        .containsPattern("IO loop: loop +\\|.*\\(8 spans")
        .containsPattern("CPU loop: loop +\\|.*\\(4 spans")
        .containsPattern("IO 8 threads: io-worker-7 +\\|");
  }
}
