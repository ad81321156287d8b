package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading07RoundRobinTest {

  /** One worker and a step clock make every figure exact, so the whole table is checked. */
  @Test
  void run_sameJobsFourPolicies_exactTurnaroundAndResponse() throws Exception {
    ExampleRun run = ExampleRun.of("round-robin");

    assertThat(run.lines()).startsWith(
        "jobs A=6 B=2 C=4 steps, all ready at time 0, one worker",
        "first-come first-served  : done A=6 B=8 C=12   mean turnaround 8.67, mean first response 4.67",
        "priority, shortest first : done A=12 B=2 C=6   mean turnaround 6.67, mean first response 2.67",
        "round robin, quantum 1   : done A=12 B=5 C=10  mean turnaround 9.00, mean first response 1.00",
        "round robin, quantum 2   : done A=12 B=4 C=10  mean turnaround 8.67, mean first response 2.00",
        "Timeline:");
  }
}
