package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading02ThreadHandlesTest {

  @Test
  void run_failingThread_failureReportedNotLost() throws Exception {
    ExampleRun run = ExampleRun.of("thread-handles");

    assertThat(run.lines()).startsWith(
        "platform: platform thread, daemon=false, failure=none",
        "virtual: virtual thread, daemon=true, failure=none",
        "broken: platform thread, daemon=false, failure=java.lang.IllegalArgumentException: bad input",
        "joinOrThrow on broken: ExecutionException caused by IllegalArgumentException: bad input",
        "Timeline:");
  }
}
