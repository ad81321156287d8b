package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The determinism bar: one seed gives a byte-identical trace in 20 runs in one JVM, and in another JVM.
 */
@Timeout(120)
final class DeterminismTest {

  private static String trace(long seed) {
    return Simulation.replay(DeterminismScenario.scenario(), seed).trace().format();
  }

  @Test
  void aSeed_givesAByteIdenticalTrace_in20Runs() {
    for (long seed : new long[] {0, 1, 42}) {
      String first = trace(seed);
      assertThat(first.lines().count()).isGreaterThan(100); // a rich run, not a trivial one
      assertThat(first).contains("conn-1").contains("client -> server, 3 bytes 'm2\\n'"); // the network's too
      for (int run = 1; run < 20; run++) {
        assertThat(trace(seed)).as("seed %s, run %s", seed, run).isEqualTo(first);
      }
    }
  }

  @Test
  void differentSeeds_giveDifferentRuns() {
    Set<String> traces = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) {
      traces.add(trace(seed));
    }
    assertThat(traces).hasSize(10);
  }

  @Test
  void aSeed_givesTheSameTrace_inAnotherJvm() throws Exception {
    for (long seed : new long[] {3, 77}) {
      String here = trace(seed);
      assertThat(inChildJvm(seed)).isEqualTo(here);
    }
  }

  /** The command that runs {@link DeterminismScenario#main} in a fresh JVM on this JVM's class path. */
  static List<String> childCommand(long seed) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        DeterminismScenario.class.getName(), Long.toString(seed));
  }

  @Test
  void childCommand_runsTheScenarioClass_withThisClassPath() {
    List<String> command = childCommand(5);
    assertThat(command.get(0)).endsWith("java");
    assertThat(command).containsSubsequence("-cp", System.getProperty("java.class.path"))
        .endsWith(DeterminismScenario.class.getName(), "5");
  }

  private static String inChildJvm(long seed) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(childCommand(seed)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (InputStream out = child.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
      assertThat(child.exitValue()).isZero();
      return text;
    } finally {
      child.destroyForcibly();
    }
  }
}
