package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class OutputPumpTest {

  private static final String MARKER = "\u0000end-of-output 1234";

  private final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
  private final PrintStream output = new PrintStream(forwarded, /* autoFlush= */ true, StandardCharsets.UTF_8);

  private String lines() {
    return forwarded.toString(StandardCharsets.UTF_8);
  }

  @Test
  void endMarker_drainsTheOutput_whileThePipeStaysOpen_andLaterLinesStillArrive() throws Exception {
    PipedOutputStream child = new PipedOutputStream();
    OutputPump pump = new OutputPump(new PipedInputStream(child), MARKER, output);
    Thread thread = Thread.ofPlatform().start(pump);

    child.write(("first\nlast without newline" + MARKER + "\n").getBytes(StandardCharsets.UTF_8));
    child.flush();

    assertThat(pump.awaitDrained(Duration.ofSeconds(10))).as("drained at the marker, the pipe still open").isTrue();
    assertThat(lines()).isEqualTo("first\nlast without newline\n".replace("\n", System.lineSeparator()));
    child.write("from a grandchild\n".getBytes(StandardCharsets.UTF_8));
    child.close();
    thread.join();
    assertThat(lines()).endsWith("from a grandchild" + System.lineSeparator());
  }

  @Test
  void endOfFileWithoutAMarker_alsoDrains_aKilledChild() throws IOException {
    PipedOutputStream child = new PipedOutputStream();
    OutputPump pump = new OutputPump(new PipedInputStream(child), MARKER, output);
    Thread.ofPlatform().start(pump);

    child.write("only line\n".getBytes(StandardCharsets.UTF_8));
    child.close();

    assertThat(pump.awaitDrained(Duration.ofSeconds(10))).isTrue();
    assertThat(lines()).isEqualTo("only line" + System.lineSeparator());
  }

  @Test
  void neitherMarkerNorEndOfFile_theWaitIsBounded() throws IOException {
    PipedOutputStream child = new PipedOutputStream();
    OutputPump pump = new OutputPump(new PipedInputStream(child), MARKER, output);
    Thread.ofPlatform().daemon().start(pump);

    assertThat(pump.awaitDrained(Duration.ofMillis(50))).isFalse();
    child.close();
  }

  @Test
  void redirect_sendsLaterLinesElsewhere() throws Exception {
    PipedOutputStream child = new PipedOutputStream();
    OutputPump pump = new OutputPump(new PipedInputStream(child), MARKER, new PrintStream(new ByteArrayOutputStream()));
    Thread thread = Thread.ofPlatform().start(pump);

    pump.redirect(output);
    child.write("for the new owner\n".getBytes(StandardCharsets.UTF_8));
    child.close();
    thread.join();

    assertThat(lines()).isEqualTo("for the new owner" + System.lineSeparator());
  }
}
