package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ChildrenExitFirstTest {

  @Test
  void awaitExit_childEnding_returnsOnlyAfterItExited() throws Exception {
    Process cat = new ProcessBuilder("cat").start();
    cat.getOutputStream().close(); // end of input: cat exits, but not at once

    ChildrenExitFirst.awaitExit(List.of(cat.toHandle()), Duration.ofSeconds(30));

    assertThat(cat.isAlive()).isFalse();
    assertThat(cat.exitValue()).isZero();
  }

  @Test
  void awaitExit_childOutlivingPatience_isKilled() throws Exception {
    Process cat = new ProcessBuilder("cat").start(); // stdin stays open: cat never ends by itself

    ChildrenExitFirst.awaitExit(List.of(cat.toHandle()), Duration.ofMillis(50));

    assertThat(cat.waitFor(30, TimeUnit.SECONDS)).as("killed, so it exits").isTrue();
    assertThat(cat.exitValue()).isNotZero();
  }
}
