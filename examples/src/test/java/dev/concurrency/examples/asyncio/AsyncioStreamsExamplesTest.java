package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Smoke tests of the subprocess pipeline and the Unix-socket echo (asyncio 26-27). */
@Timeout(60)
@DisabledOnOs(OS.WINDOWS)
final class AsyncioStreamsExamplesTest {

  @Test
  void subprocessPipeline_wcAgreesWithJava_allExitZero() throws Exception {
    ExampleRun run = ExampleRun.of("subprocess-pipeline", "--count", "20000");
    List<String> lines = AsyncioExamplesTest.story(run);
    long expected = java.util.stream.IntStream.rangeClosed(1, 20000)
        .filter(i -> String.valueOf(i).contains("7")).count();
    assertThat(lines).containsExactly(
        "seq 1 20000 | grep 7 | wc -l",
        lines.get(1),
        "wc counted " + expected + " lines with a 7; Java counts " + expected,
        "exit codes: seq 0, grep 0, wc 0");
    assertThat(lines.get(1)).matches("pumped \\d+ bytes seq -> grep, \\d+ bytes grep -> wc");
    assertThat(AsyncioExamplesTest.timeline(run).toString())
        .contains("processes").contains("pump seq -> grep").contains("pump grep -> wc");
  }

  @Test
  void unixEcho_lineComesBack_socketFileRemoved() throws Exception {
    List<String> lines = ExampleRun.of("unix-echo").lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("listening on ").endsWith("echo.sock (a socket file: true)");
    assertThat(lines.get(1)).isEqualTo("sent \"hello over a Unix socket\", got back \"hello over a Unix socket\"");
    assertThat(lines.get(2)).isEqualTo("server closed; socket file still there: false");
  }
}
