package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.SeedParity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Multiprocessing01SeedTest {

  @Test
  void run_printsFourLines_eachTaskStartsBeforeItCompletes() throws Exception {
    ExampleRun java = ExampleRun.of("seed-processes");

    assertThat(java.lines())
        .containsExactlyInAnyOrder("Task 1 started", "Task 1 completed", "Task 2 started", "Task 2 completed");
    SeedParity.assertStartedBeforeCompleted(java, 2);
  }

  /** Seed parity: section_4_2_2_processes.py and the Java port print the same lines with the same guarantees. */
  @Test
  void parity_withPythonSample_sameLinesSameOrderingGuarantees() throws Exception {
    ExampleRun python = pythonRunWithWholeLines();
    ExampleRun java = ExampleRun.of("seed-processes");

    SeedParity.assertSameLines(python, java);
    SeedParity.assertStartedBeforeCompleted(python, 2);
    SeedParity.assertStartedBeforeCompleted(java, 2);
  }

  /**
   * Runs the Python sample until its lines come out whole, at most three times. The harness runs
   * {@code python3 -u}: unbuffered, CPython's {@code print} writes the text and the newline in two writes, so the
   * two child processes sometimes tear each other's lines ("Task 2 startedTask 1 started"). That is the Python
   * sample racing on a shared stdout, not a difference in what the programs print; the Java port forwards
   * whole lines and cannot tear them.
   */
  private static ExampleRun pythonRunWithWholeLines() throws Exception {
    ExampleRun python = SeedParity.runPython("section_4_2_2_processes.py");
    for (int attempt = 1; attempt < 3 && !wholeLines(python); attempt++) {
      python = SeedParity.runPython("section_4_2_2_processes.py");
    }
    return python;
  }

  private static boolean wholeLines(ExampleRun run) {
    return run.lines().stream().allMatch(line -> line.matches("Task [12] (started|completed)"));
  }
}
