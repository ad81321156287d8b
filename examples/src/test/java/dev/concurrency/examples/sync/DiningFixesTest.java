package dev.concurrency.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The smoke test of the three fixed versions: every philosopher eats every meal, nobody hangs. */
final class DiningFixesTest {

  @ParameterizedTest
  @ValueSource(strings = {"dining-ordered", "dining-arbitrator", "dining-backoff"})
  @Timeout(60)
  void run_fixedVersion_everyoneEatsEveryMeal(String name) throws Exception {
    ExampleRun run = ExampleRun.of(name);

    assertThat(run.lines()).hasSize(2);
    assertThat(run.lines().get(0)).isEqualTo("every philosopher ate 200 meals: [200, 200, 200, 200, 200]");
    assertThat(run.lines().get(1)).matches("no deadlock; 1000 meals in \\d+ ms");
  }
}
