package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.WarmSpares;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class WarmSpareTest {

  private final Captured output = new Captured();
  private final List<ChildProcess> started = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    WarmSpares.discardAll();
    for (ChildProcess p : started) {
      if (p.isAlive()) {
        p.kill();
      }
      p.join(Duration.ofSeconds(30));
    }
  }

  static void hello() {
    System.out.println("hello from a warm spare");
  }

  private ChildProcess startWarm() {
    ChildProcess p =
        ChildProcess.builder(WarmSpareTest::hello).warmSpare(true).jvmOptions(TestJvm.options()).output(output.out).build();
    started.add(p);
    p.start();
    return p;
  }

  private static Instant bootedAt(ChildProcess p) {
    return ProcessHandle.of(p.pid()).flatMap(h -> h.info().startInstant()).orElseThrow();
  }

  @Test
  void start_takesTheSpareBootedEarlier_andLeavesANewOneForTheNextStart() throws Exception {
    ChildProcess.prewarm(TestJvm.options());
    Instant beforeFirst = Instant.now();

    ChildProcess first = startWarm();
    assertThat(first.join(Duration.ofSeconds(30))).isTrue();
    Instant beforeSecond = Instant.now();
    ChildProcess second = startWarm();
    assertThat(second.join(Duration.ofSeconds(30))).isTrue();

    assertThat(bootedAtOrGone(first, beforeFirst)).as("the first child was booted before its start()").isTrue();
    assertThat(first.exitCode()).hasValue(0);
    assertThat(second.exitCode()).hasValue(0);
    assertThat(output.lines()).containsExactly("hello from a warm spare", "hello from a warm spare");
    assertThat(first.pid()).isNotEqualTo(second.pid());
    assertThat(beforeSecond).isAfter(beforeFirst);
  }

  /** Waits (bounded) until the spare the last exit started has booted and said READY. */
  private static void awaitSpareReady() throws InterruptedException {
    JvmCommand command = JvmCommand.ofCurrentJvm(TestJvm.options(), List.of(), JvmCommand.Mode.PROCESS);
    assertThat(WarmSpares.awaitReady(command, Duration.ofSeconds(30))).as("a spare started and booted").isTrue();
  }

  /** A child that already exited has no start time to read; its pid was recorded while it ran. */
  private static boolean bootedAtOrGone(ChildProcess p, Instant before) {
    return ProcessHandle.of(p.pid()).flatMap(h -> h.info().startInstant()).map(t -> t.isBefore(before)).orElse(true);
  }

  @Test
  void awaitPrewarmed_isFalseWithNoSpare_andTrueOnceThePrewarmedSpareHasBooted() throws Exception {
    ChildProcess.Builder settings = ChildProcess.builder(WarmSpareTest::hello).jvmOptions(TestJvm.options());
    assertThat(ChildProcess.awaitPrewarmed(settings, Duration.ZERO)).as("nothing prewarmed yet").isFalse();

    ChildProcess.prewarm(settings);

    assertThat(ChildProcess.awaitPrewarmed(settings, Duration.ofSeconds(30))).as("the spare booted").isTrue();
    ChildProcess.Builder otherOptions = ChildProcess.builder(WarmSpareTest::hello).jvmOptions(List.of("-Xmx96m"));
    assertThat(ChildProcess.awaitPrewarmed(otherOptions, Duration.ZERO)).as("a spare serves its own settings").isFalse();
  }

  @Test
  void start_theTaskedChildLeavesASpareBehind_bootingBeforeItsJoinReturns() throws Exception {
    ChildProcess first = startWarm(); // cold: nothing was prewarmed; its exit starts the next spare
    assertThat(first.join(Duration.ofSeconds(30))).isTrue();
    awaitSpareReady();
    Instant beforeSecond = Instant.now();

    ChildProcess second =
        ChildProcess.builder(ChildProcessTest::blockForever).warmSpare(true).jvmOptions(TestJvm.options()).output(output.out).build();
    started.add(second);
    second.start();

    assertThat(bootedAt(second)).as("the second start took the spare left by the first").isBefore(beforeSecond);
  }
}
