package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code gather(...)} typed into jshell runs and prints its result, and {@code var} takes its type: jshell writes
 * the inferred type back as source, and a type-use annotation inside the type argument (as in {@code
 * List<@Nullable Object>}) made that source fail, so the snippet silently did nothing.
 */
@Timeout(120)
final class GatherInJshellTest {

  @Test
  void gatherInJshell_runsAndVarTakesTheType() {
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        shell.addToClasspath(entry);
      }
      assertThat(valueOf(shell, "import static dev.concurrency.async.AsyncIO.*;")).isEmpty();
      assertThat(valueOf(shell, "run(() -> gather(() -> 1, () -> 2).await())")).isEqualTo("[1, 2]");
      assertThat(valueOf(shell, "var r = run(() -> gather(() -> 3, () -> null).await());")).isEqualTo("[3, null]");
      assertThat(valueOf(shell, "r.get(0)")).isEqualTo("3");
      assertThat(valueOf(shell, "var s = run(() -> sleep(java.time.Duration.ZERO, \"slept\"));"))
          .isEqualTo("\"slept\"");
    }
  }

  /** Evaluates one snippet, fails on a rejected or failing one, and returns its value ("" for none). */
  private static String valueOf(JShell shell, String source) {
    List<SnippetEvent> events = shell.eval(source);
    assertThat(events).isNotEmpty();
    SnippetEvent event = events.get(0);
    assertThat(event.status()).as("status of %s: %s", source, shell.diagnostics(event.snippet()).toList())
        .isEqualTo(Snippet.Status.VALID);
    assertThat(event.exception()).as("exception of %s", source).isNull();
    return event.value() == null ? "" : event.value();
  }
}
