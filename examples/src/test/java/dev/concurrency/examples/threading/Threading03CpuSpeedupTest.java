package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.examples.ExampleRun;
import dev.concurrency.examples.Interference;
import dev.concurrency.threads.CpuWork;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks the shape of the report and that the numbers are consistent; the speed itself is a benchmark's job. */
@Timeout(60)
final class Threading03CpuSpeedupTest {

  private static final Pattern SECONDS = Pattern.compile("(1 thread: |2 threads:) +(\\d+\\.\\d{3}) s");
  private static final Pattern SPEEDUP =
      Pattern.compile("speedup: (\\d+\\.\\d{2})x \\(ideal 2\\.00x; CPython threads: about 0\\.96x\\)");

  @Test
  void run_smallWork_printsBothTimesAndTheirRatio() throws Exception {
    ExampleRun run = ExampleRun.of("gil-free-speedup", "--ops", "2000000", "--rounds", "2");

    assertThat(run.lines().get(0)).startsWith("work: 2000000 xorshift rounds, split over 1 then 2 threads").endsWith("best of 2");
    double[] seconds = new double[2];
    for (int i = 0; i < 2; i++) {
      Matcher m = SECONDS.matcher(run.lines().get(1 + i));
      assertThat(m.matches()).as(run.lines().get(1 + i)).isTrue();
      seconds[i] = Double.parseDouble(m.group(2));
    }
    Matcher speedup = SPEEDUP.matcher(run.lines().get(3));
    assertThat(speedup.matches()).as(run.lines().get(3)).isTrue();
    assertThat(Double.parseDouble(speedup.group(1))).isPositive();
    assertThat(run.lines().get(4)).matches("conclusion: two Java threads did .*|no conclusion from this run: .*");
    assertThat(run.lines()).contains("Timeline:");
  }

  private static final java.time.Duration WALL = java.time.Duration.ofSeconds(2);

  @Test
  void conclusion_quietMachineAndATwoCoreSpeedup_saysThreadsRunInParallel() {
    String line = Threading03CpuSpeedup.conclusion(new CpuWork.Speedup(0.290, 0.152), Interference.none(WALL, 2));

    assertThat(line).isEqualTo("conclusion: two Java threads did the CPU-bound work 1.91x as fast as one: they run"
        + " at once on two cores, where CPython's threads take turns under the GIL");
  }

  @Test
  void conclusion_aSpeedupTheWrongWayRound_isNotPrinted() {
    // what a loaded machine once measured: two threads 3.9 times slower than one
    String line = Threading03CpuSpeedup.conclusion(new CpuWork.Speedup(0.290, 1.131), Interference.none(WALL, 2));

    assertThat(line).startsWith("no conclusion from this run: two threads were 0.26x as fast as one, so the second"
        + " thread did not get a core of its own");
  }

  @Test
  void conclusion_busyMachine_isNotPrinted_evenForAPlausibleSpeedup() {
    Interference busy = new Interference(WALL, 1.0, java.time.Duration.ofSeconds(2), 2);

    assertThat(Threading03CpuSpeedup.conclusion(new CpuWork.Speedup(0.290, 0.160), busy))
        .startsWith("no conclusion from this run: other programs used 50 % of this machine's 2 cores");
  }

  @Test
  void conclusion_moreThanTwoThreadsCanGive_orOneCore_isNotPrinted() {
    assertThat(Threading03CpuSpeedup.conclusion(new CpuWork.Speedup(0.900, 0.200), Interference.none(WALL, 2)))
        .contains("a speedup of 4.50x is more than two threads can give");
    assertThat(Threading03CpuSpeedup.conclusion(new CpuWork.Speedup(0.290, 0.290), Interference.none(WALL, 1)))
        .isEqualTo("no conclusion from this run: this machine has one core, so two threads cannot run at once here");
  }

  @Test
  void run_badArguments_throwClearly() {
    assertThatThrownBy(() -> ExampleRun.of("gil-free-speedup", "--ops")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> ExampleRun.of("gil-free-speedup", "--ops", "1")).hasMessageContaining("at least 2");
  }
}
