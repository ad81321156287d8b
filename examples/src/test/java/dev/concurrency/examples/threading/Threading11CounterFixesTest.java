package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading11CounterFixesTest {

  @Test
  void run_everyFix_countsExactlyAndReportsACost() throws Exception {
    ExampleRun run = ExampleRun.of("counter-fixes", "--increments", "20000");

    assertThat(run.lines().get(0)).isEqualTo("2 threads x 20000 increments each, best of 3 rounds");
    for (String kind : new String[] {"SYNCHRONIZED", "LOCK", "ATOMIC", "ADDER"}) {
      assertThat(run.lines()).anySatisfy(line -> assertThat(line)
          .matches(kind + " +count 40000 +exact +\\d+\\.\\d ns/increment"));
    }
    assertThat(run.lines()).anySatisfy(line -> assertThat(line).matches("UNSAFE +count \\d+ .*ns/increment"));
  }
}
