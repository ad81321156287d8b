package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.examples.ExampleRun;
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
    assertThat(run.lines()).contains("Timeline:");
  }

  @Test
  void run_badArguments_throwClearly() {
    assertThatThrownBy(() -> ExampleRun.of("gil-free-speedup", "--ops")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> ExampleRun.of("gil-free-speedup", "--ops", "1")).hasMessageContaining("at least 2");
  }
}
