package dev.concurrency.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class ExampleHeaderTest {

  private static final String SOURCE = """
      package dev.concurrency.examples.asyncio;

      import java.util.List;

      /**
       * The loop's tick: {@code callSoon} callbacks run in FIFO order, see {@link EventLoop#callSoon}.
       *
       * <pre>{@code
       * # Python
       * loop.call_soon(print, "soon 2")
       * }</pre>
       *
       * <p><b>What to notice.</b> "soon, from first" is printed after "soon 2": each tick runs only the
       * callbacks that were ready when it began.
       *
       * <p><b>Run:</b> {@code ./examples.sh callback-order}
       *
       * <p><b>Expected output</b> (a real run, 2026-11-24):
       *
       * <pre>
       * tick 1: first
       * a &lt; b &amp;&amp; c
       * </pre>
       */
      @SuppressWarnings("try")
      public final class Asyncio02CallbackOrder {
      }
      """;

  @Test
  void parse_realHeader_givesEachPart() {
    ExampleHeader header = ExampleHeader.parse(SOURCE);

    assertThat(header.summary())
        .isEqualTo("The loop's tick: <code>callSoon</code> callbacks run in FIFO order, see <code>EventLoop.callSoon</code>.");
    assertThat(header.python()).hasValue("# Python\nloop.call_soon(print, \"soon 2\")");
    assertThat(header.notice()).hasValueSatisfying(n -> assertThat(n)
        .startsWith("\"soon, from first\" is printed after \"soon 2\"").endsWith("ready when it began."));
    assertThat(header.expectedOutput()).hasValue("tick 1: first\na < b && c");
    assertThat(header.expectedOutputNote()).isEqualTo("(a real run, 2026-11-24):");
  }

  @Test
  void body_startsAtTheClassAnnotations_withoutPackageImportsOrHeader() {
    assertThat(ExampleHeader.body(SOURCE)).isEqualTo("@SuppressWarnings(\"try\")\npublic final class Asyncio02CallbackOrder {\n}\n");
  }

  @Test
  void parse_everyExampleOfTheRepository_hasItsPythonOriginalNoticeAndExpectedOutput() throws IOException {
    Path examples = Path.of("../examples/src/main/java"); // Surefire runs in the module's folder
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(examples)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (!source.contains("public static final Example EXAMPLE")) {
          continue;
        }
        ExampleHeader header = ExampleHeader.parse(source);
        if (header.python().isEmpty() || header.notice().isEmpty() || header.expectedOutput().isEmpty()) {
          missing.add(file.getFileName() + ": python " + header.python().isPresent() + ", notice "
              + header.notice().isPresent() + ", expected output " + header.expectedOutput().isPresent());
        }
      }
    }

    assertThat(missing).as("example headers the reference cannot show whole").isEmpty();
  }

  @Test
  void parse_headerWithoutTheOptionalParts_leavesThemEmpty() {
    ExampleHeader header = ExampleHeader.parse("/** Just a summary. */\npublic final class X {}");

    assertThat(header.summary()).isEqualTo("Just a summary.");
    assertThat(header.python()).isEmpty();
    assertThat(header.notice()).isEmpty();
    assertThat(header.expectedOutput()).isEmpty();
  }

  @Test
  void parse_noHeader_failsSayingWhatIsMissing() {
    assertThatThrownBy(() -> ExampleHeader.parse("public final class X {}"))
        .hasMessageContaining("no class header");
  }

  @Test
  void html_escape_makesTextSafeInElementsAndAttributes() {
    assertThat(Html.escape("a < b && \"c\" > d")).isEqualTo("a &lt; b &amp;&amp; &quot;c&quot; &gt; d");
    assertThat(Html.page("T & U", "../", "<p>x</p>")).contains("<title>T &amp; U</title>")
        .contains("href=\"../style.css\"").contains("<p>x</p>");
  }
}
