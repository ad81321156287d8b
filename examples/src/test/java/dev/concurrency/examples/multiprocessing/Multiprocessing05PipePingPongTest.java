package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // opening a named pipe blocks in native code
final class Multiprocessing05PipePingPongTest {

  @Test
  void run_threePongsThenTheChildSeesEndOfFile_timelineShowsEachRoundTrip() throws Exception {
    ExampleRun run = ExampleRun.of("pipe-ping-pong");

    assertThat(run.lines()).startsWith("pong 1", "pong 2", "pong 3", "child: the parent closed its end; bye");
    assertThat(run.text()).contains("Timeline:");
    assertThat(run.lines().stream().filter(line -> line.startsWith("parent: ping ")).count())
        .as("one row per round trip, in %s", run.text())
        .isEqualTo(3);
    assertThat(run.lines()).as("the child's row").anyMatch(line -> line.startsWith("child process: start .. join"));
  }
}
