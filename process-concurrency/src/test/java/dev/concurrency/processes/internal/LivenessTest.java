package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class LivenessTest {

  @Test
  void startTicks_countsFieldsAfterTheCommandsLastParenthesis() {
    // field 22 is 98765; the command holds a space, a ")" and digits that a naive split would count as fields
    String line = "4321 (a (b) 1 2) S 1 4321 4321 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 2 0 98765 3000000 500 184467";

    assertThat(Liveness.startTicks(line)).isEqualTo(98765);
  }

  @Test
  void startTicks_ofALineThatIsNotStat_refusedWithTheLine() {
    assertThatThrownBy(() -> Liveness.startTicks("not a stat line"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc/<pid>/stat line: not a stat line");
  }

  @Test
  void selfStart_isThisProcessesStartTicks_fromProcStat() throws IOException {
    assumeTrue(Liveness.TICKS, "Linux: /proc/self/stat");
    List<String> stat = Files.readAllLines(Path.of("/proc/self/stat"));

    assertThat(Liveness.SELF_START).isPositive().isEqualTo(Liveness.startTicks(stat.get(0)));
    assertThat(Liveness.isAlive(Liveness.SELF_PID, Liveness.SELF_START)).isTrue();
  }

  @Test
  void anotherProcess_isAliveWithItsExactStart_andAnyOtherStartIsAnotherProcess() throws Exception {
    assumeTrue(Liveness.TICKS, "Linux: starts are compared exactly");
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      long pid = sleeper.pid();
      long start = Liveness.startMark(pid);

      assertThat(start).isPositive();
      assertThat(Liveness.isAlive(pid, start)).isTrue();
      assertThat(Liveness.isAlive(pid, 0)).as("no start recorded: the pid decides").isTrue();
      assertThat(Liveness.isAlive(pid, start + 1)).as("a process that reused the pid one tick later").isFalse();
    } finally {
      sleeper.destroyForcibly();
      assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Liveness.startMark(sleeper.pid())).as("a reaped process has no start").isZero();
  }
}
