package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The power bar: for each of five kinds of asyncio bug ({@link SeededBugs}), exploring the buggy program finds the
 * bug within the number of seeds the module README states, the failure replays, and the fixed program passes 200
 * seeds. The numbers are exact, not timings: a seed is the same run on every machine.
 */
@Timeout(120)
final class PowerTest {

  static Stream<SeededBugs.Case> cases() {
    return SeededBugs.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exploration_findsTheBug_withinTheStatedSeeds_andPassesTheFix(SeededBugs.Case bug) {
    Exploration<?> buggy = Simulation.explore(bug.buggy(), bug.bound());
    assertThat(buggy.passed()).as("%s found within %s seeds", bug.name(), bug.bound()).isFalse();
    assertThat(buggy.reproduced()).isTrue();
    RunFailure failure = buggy.failure().orElseThrow().failure().orElseThrow();
    assertThat(failure.kind()).as(failure.toString()).isEqualTo(bug.symptom());
    assertThat(buggy.failure().orElseThrow().trace().interleaving()).contains("FAILED");

    Exploration<?> fixed = Simulation.explore(bug.fixed(), 200);
    assertThat(fixed.passed()).as(fixed.report()).isTrue();
  }
}
