package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.ThisJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class ProcessLauncherTest {

  private static List<String> child(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(ThisJvm.java(), "-cp", ThisJvm.classPath(),
        ChildForTests.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  @Timeout(60)
  void run_collectsStdoutLinesStderrAndStatus() throws Exception {
    Launcher.Outcome outcome = new ProcessLauncher().run(child("print", "3"), Duration.ofSeconds(50));

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.stdout()).containsExactly("line 1", "line 2");
    assertThat(outcome.stderr()).isEqualTo("to stderr\n");
    assertThat(outcome.stderrTail()).isEqualTo("to stderr");
  }

  @Test
  @Timeout(60)
  void run_pastTheTimeout_killsTheChild() throws Exception {
    Launcher.Outcome outcome = new ProcessLauncher().run(child("hang"), Duration.ofMillis(500));

    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.succeeded()).isFalse();
  }

  @Test
  void run_programThatIsNotThere_throwsIOException() {
    assertThatThrownBy(() -> new ProcessLauncher().run(List.of("/nonexistent/python3"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void outcome_stderrTail_keepsTheLastEightLines() {
    String stderr = String.join("\n", java.util.stream.IntStream.range(0, 20).mapToObj(i -> "e" + i).toList());

    assertThat(new Launcher.Outcome(1, List.of(), stderr, false).stderrTail().lines()).hasSize(8).first()
        .isEqualTo("e12");
  }
}
