package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.List;

/**
 * One runnable example: a short name to run it by, its group, the seed section it illustrates, a one-line
 * summary, and the code.
 *
 * <p>Examples write to the {@link PrintStream} they are given, never to {@code System.out} directly, so the
 * launcher prints them to the console and the smoke tests capture them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the name the launcher runs it by, lower-case words joined by hyphens ({@code seed-threads})
 * @param group the topic it belongs to
 * @param section the seed article's section it illustrates ({@code 4.2.1}, {@code 6 Q3})
 * @param summary one line saying what it shows
 * @param body the code
 */
public record Example(String name, Group group, String section, String summary, Body body) {

  /** The code of an example. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the example.
     *
     * @param out where the example prints
     * @param args the launcher's arguments after the example's name ({@code --svg FILE}, for instance)
     * @throws Exception whatever the example fails with; the launcher reports it and exits non-zero
     */
    void run(PrintStream out, List<String> args) throws Exception;
  }

  /** Checks that every part is present and that the name is one the launcher can type. */
  public Example {
    requireNonNull(name, "name");
    requireNonNull(group, "group");
    requireNonNull(section, "section");
    requireNonNull(summary, "summary");
    requireNonNull(body, "body");
    if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "example name '" + name + "' must be lower-case words joined by hyphens, like 'seed-threads'");
    }
  }
}
