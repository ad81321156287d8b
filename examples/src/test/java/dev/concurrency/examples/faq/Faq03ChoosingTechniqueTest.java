package dev.concurrency.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class Faq03ChoosingTechniqueTest {

  @Test
  @Timeout(120)
  void run_fourTechniquesTwoWorkloads_eightRowsAVerdictAndATimeline() throws Exception {
    ExampleRun run = ExampleRun.of("choosing-technique");

    assertThat(run.text())
        .containsPattern("I/O-bound: 6 waits of 100\\.0 ms; CPU-bound: 4 computations of about \\S+ m?s")
        .containsPattern("a pool of \\d+ child JVMs starts, runs an empty task on each and stops in \\S+ m?s")
        .containsPattern("run +model +predicted +lower bound +measured +error");
    for (String kind : new String[] {"IO", "CPU"}) {
      assertThat(run.text())
          .containsPattern(kind + " loop +event loop +\\S+ m?s")
          .containsPattern(kind + " \\d+ threads +\\d+ workers on \\d+ cores +\\S+ m?s")
          .containsPattern(kind + " virtual +\\d+ workers on \\d+ cores +\\S+ m?s")
          .containsPattern(kind + " processes +\\d+ workers on \\d+ cores \\+ process start +\\S+ m?s")
          .containsPattern(kind + " processes: child JVMs +\\|");
    }
    // predictions are exact for the waits: one round on the loop and on a virtual thread per task
    assertThat(run.text())
        .containsPattern("IO loop +event loop +100\\.0 ms +100\\.0 ms")
        .containsPattern("IO virtual +6 workers on \\d+ cores +100\\.0 ms +100\\.0 ms")
        // the verdict, or, on a machine too busy for it, the reason there is none
        .containsPattern("fastest for IO-bound tasks: IO \\S+ \\(\\S+ m?s\\); for CPU-bound tasks: CPU .+ \\(\\S+ m?s\\)"
            + "|no conclusion from this run: .+; the timings say more about the machine than about the code")
        .contains("Timeline:")
        .containsPattern("IO virtual: io-v5 +\\|");
  }
}
