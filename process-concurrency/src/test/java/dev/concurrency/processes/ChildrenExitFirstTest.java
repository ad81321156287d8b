package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ChildrenExitFirstTest {

  @Test
  void awaitChildren_childEnding_returnsOnlyAfterItExited() throws Exception {
    Process cat = new ProcessBuilder("cat").start();
    cat.getOutputStream().close(); // end of input: cat exits, but not at once

    ChildrenExitFirst.awaitChildren();

    assertThat(cat.isAlive()).isFalse();
    assertThat(cat.exitValue()).isZero();
  }
}
