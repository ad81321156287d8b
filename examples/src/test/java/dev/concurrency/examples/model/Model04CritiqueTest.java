package dev.concurrency.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Model04CritiqueTest {

  @Test
  @Timeout(60)
  void measure_ioOverlapsOnTwoThreads_everyRunTraced() throws Exception {
    Trace trace = Trace.start();
    List<Comparison> runs =
        Model04Critique.measure(trace, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(runs).extracting(c -> c.measured().label())
        .containsExactly("IO 1 thread", "IO 2 threads", "CPU 1 thread", "CPU 2 threads");
    Duration ioOne = runs.get(0).measured().wall();
    Duration ioTwo = runs.get(1).measured().wall();
    // sleeps never end early: each I/O run takes at least its prediction
    assertThat(ioOne).isGreaterThanOrEqualTo(runs.get(0).predicted().wall());
    assertThat(ioTwo).isGreaterThanOrEqualTo(runs.get(1).predicted().wall());
    // waits overlap whatever the load: two threads take well under the one-thread time (ideal: half)
    assertThat(ioTwo.toNanos()).isLessThan(ioOne.toNanos() * 9 / 10);
    for (Comparison c : runs) {
      assertThat(c.measured().spans()).as(c.measured().label()).hasSize(Model04Critique.TASKS);
      assertThat(c.predicted().wall()).isGreaterThanOrEqualTo(c.predicted().lowerBound());
    }
    assertThat(runs.get(1).predicted().wall()).isEqualTo(Model04Critique.TASK.multipliedBy(2));
  }

  @Test
  @Timeout(60)
  void run_printsWorkloadsTableSpeedupsAndTimeline() throws Exception {
    ExampleRun run = ExampleRun.of("model-critique");

    assertThat(run.text())
        .contains("4 I/O-bound tasks of 100.0 ms: seed sum 400.0 ms, max 100.0 ms")
        .contains("4 CPU-bound tasks of about")
        .containsPattern("run +model +predicted +lower bound +measured +error")
        .containsPattern("IO 2 threads +2 workers on \\d+ cores? +200\\.0 ms")
        .contains("measured speedup of 2 threads over 1")
        .containsPattern("conclusion: T_total = sum T_i holds for one thread only|no conclusion from this run: ")
        .contains("CPU 2 threads #1");
  }

  @Test
  void spin_isDeterministicWork() {
    assertThat(Model04Critique.spin(1_000)).isEqualTo(Model04Critique.spin(1_000)).isNotEqualTo(Model04Critique.spin(999));
  }
}
