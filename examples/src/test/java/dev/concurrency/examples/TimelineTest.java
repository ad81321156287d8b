package dev.concurrency.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TimelineTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, /* autoFlush= */ true, StandardCharsets.UTF_8);

  private static Trace seedTrace() {
    Trace trace = Trace.start(Ticker.systemTicker());
    trace.add(new Span("main", "task1", 0, 1_000_000_000L));
    trace.add(new Span("main", "task2", 0, 2_000_000_000L));
    return trace;
  }

  private String printed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void print_noSvgFlag_printsChartOnly() {
    Timeline.print(out, seedTrace(), List.of());

    assertThat(printed())
        .startsWith("Timeline:\n")
        .contains("main: task1  |" + "#".repeat(30) + ".".repeat(30) + "|  0 .. 1.000 s")
        .contains("main: task2  |" + "#".repeat(60) + "|  0 .. 2.000 s")
        .doesNotContain("SVG");
  }

  @Test
  void print_svgFlag_writesFileAndSaysWhere() throws Exception {
    Path file = dir.resolve("t.svg");
    Timeline.print(out, seedTrace(), List.of("--other", Timeline.SVG_FLAG, file.toString()));

    assertThat(printed()).contains("SVG timeline written to " + file.toAbsolutePath());
    assertThat(Files.readString(file)).startsWith("<?xml").contains("<svg").contains("main: task2");
  }

  @Test
  void print_notes_printedAndInSvg() throws Exception {
    Path file = dir.resolve("n.svg");
    Timeline.print(out, seedTrace().spans(), List.of("predicted 2.000 s"), List.of("--svg", file.toString()));

    assertThat(printed()).contains("predicted 2.000 s");
    assertThat(Files.readString(file)).contains("predicted 2.000 s");
  }

  @Test
  void print_svgFlagWithoutFile_rejectedWithUsage() {
    assertThatThrownBy(() -> Timeline.print(out, seedTrace(), List.of("--svg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--svg needs a file name");
  }

  @Test
  void print_traceFlag_writesTraceEventJsonBesideTheSvg() throws Exception {
    Path svg = dir.resolve("t.svg");
    Path trace = dir.resolve("t.json");
    Timeline.print(out, seedTrace(), List.of("--svg", svg.toString(), Timeline.TRACE_FLAG, trace.toString()));

    assertThat(printed()).contains("Trace written to " + trace.toAbsolutePath());
    assertThat(Files.readString(trace)).startsWith("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[")
        .contains("\"name\":\"task2\"").contains("\"ph\":\"X\"");
    assertThat(svg).exists();
  }

  @Test
  void print_traceFlagWithoutFile_rejectedWithUsage() {
    assertThatThrownBy(() -> Timeline.print(out, seedTrace(), List.of("--trace")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--trace needs a file name after it, for example: ./examples.sh NAME --trace run.json");
  }

  @Test
  void relativeFile_isRelativeToTheCallersDirectory_whenTheLauncherSaysWhichItWas() {
    String before = System.getProperty(Timeline.CALLER_DIRECTORY_PROPERTY);
    System.setProperty(Timeline.CALLER_DIRECTORY_PROPERTY, dir.toString());
    try {
      assertThat(Timeline.path(List.of("--trace", "out/run.json"), Timeline.TRACE_FLAG, "run.json"))
          .contains(dir.resolve("out/run.json"));
      assertThat(Timeline.svgPath(List.of("--svg", "/tmp/abs.svg"))).contains(Path.of("/tmp/abs.svg"));
    } finally {
      if (before == null) {
        System.clearProperty(Timeline.CALLER_DIRECTORY_PROPERTY);
      } else {
        System.setProperty(Timeline.CALLER_DIRECTORY_PROPERTY, before);
      }
    }
    assertThat(Timeline.svgPath(List.of("--svg", "rel.svg"))).contains(Path.of("rel.svg"));
  }
}
