package dev.concurrency.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A measuring example's last line, on injected measurements: a conclusion only when the run can carry one. */
final class VerdictTest {

  private static final Duration WALL = Duration.ofSeconds(1);

  private static Interference othersTook(double share) {
    // the machine was busy at 'share' plus this JVM's own half core; this JVM used 1 s of CPU over 1 s on 2 cores
    return new Interference(WALL, share + 0.5, Duration.ofSeconds(1), 2);
  }

  private static Comparison measuredAgainstModel(Duration measured) {
    List<Task> tasks = List.of(Task.cpu("a", Duration.ofMillis(500)), Task.cpu("b", Duration.ofMillis(500)));
    return new Comparison(TimingModel.pool(tasks, 2, 2), Measurement.of("2 threads", measured));
  }

  @Test
  void interference_othersShare_isTheMachinesUseLessThisJvms() {
    assertThat(othersTook(0.3).others()).isCloseTo(0.3, within(1e-9));
    assertThat(othersTook(0.3).describe()).isEqualTo("other programs used 30 % of this machine's 2 cores");
    assertThat(new Interference(WALL, 0.2, Duration.ofSeconds(1), 2).others()).isZero(); // never below 0
    assertThat(new Interference(WALL, -1, Duration.ZERO, 2).others()).isNaN();
    assertThat(new Interference(WALL, -1, Duration.ZERO, 2).describe()).isEqualTo("this machine's load is unknown");
  }

  @Test
  void quietMachine_plausibleTimings_printsTheConclusion() {
    Verdict verdict = Verdict.of(othersTook(0.05)).check(List.of(measuredAgainstModel(Duration.ofMillis(540))));

    assertThat(verdict.trusted()).isTrue();
    assertThat(verdict.line("conclusion: fine")).isEqualTo("conclusion: fine");
  }

  @Test
  void busyMachine_withholdsTheConclusion_sayingWhoTookTheCores() {
    Verdict verdict = Verdict.of(othersTook(0.63));

    assertThat(verdict.trusted()).isFalse();
    assertThat(verdict.line("conclusion: fine")).isEqualTo("no conclusion from this run: other programs used 63 % of"
        + " this machine's 2 cores while this ran (more than 25 %); the timings say more about the machine than about"
        + " the code, so run it again on a quiet machine");
  }

  @Test
  void measurementFarFromTheModel_withholdsTheConclusion_evenWhenTheLoadLooksQuiet() {
    Verdict verdict = Verdict.of(othersTook(0)).check(List.of(measuredAgainstModel(Duration.ofMillis(2_130))));

    assertThat(verdict.line("conclusion: fine")).startsWith(
        "no conclusion from this run: '2 threads' took 2.130 s where the model predicts 0.500 s (+326 %)");
  }

  @Test
  void unknownLoad_isJudgedByPlausibilityAlone() {
    Interference unknown = new Interference(WALL, -1, Duration.ZERO, 2);

    assertThat(Verdict.of(unknown).trusted()).isTrue();
    assertThat(Verdict.of(unknown).require(false, "impossible result").line("x"))
        .startsWith("no conclusion from this run: impossible result;");
  }

  @Test
  void firstReasonToDoubt_isTheOneGiven() {
    Verdict verdict = Verdict.of(othersTook(0.9)).require(false, "second reason");

    assertThat(verdict.reasonToDoubt()).hasValueSatisfying(why -> assertThat(why).startsWith("other programs used 90 %"));
  }

  @Test
  @Timeout(30)
  void watch_measuresARealRun() {
    Interference.Watch watch = Interference.watch();
    long x = 0;
    for (int i = 0; i < 5_000_000; i++) {
      x += i ^ (x >>> 3);
    }
    Interference during = watch.stop();

    assertThat(x).isNotZero();
    assertThat(during.wall()).isPositive();
    assertThat(during.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(during.ownCpu()).isPositive();
    assertThat(during.others()).satisfiesAnyOf(o -> assertThat(o).isNaN(), o -> assertThat(o).isBetween(0.0, 1.0));
  }
}
