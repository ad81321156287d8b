package dev.concurrency.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What one run of an example or a Python sample printed, and how long it took.
 *
 * @param lines the lines printed, in order
 * @param wall the wall time of the run
 */
public record ExampleRun(List<String> lines, Duration wall) {

  /** Runs a catalogued example by name in this JVM and captures what it prints. */
  public static ExampleRun of(String name, String... args) throws Exception {
    Example example =
        Catalog.standard()
            .find(name)
            .orElseThrow(() -> new AssertionError("no example named '" + name + "' in the catalogue"));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(buffer, /* autoFlush= */ true, StandardCharsets.UTF_8)) {
      example.body().run(out, List.of(args));
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    return new ExampleRun(buffer.toString(StandardCharsets.UTF_8).lines().toList(), wall);
  }

  /** The whole output as one string, for assertions on content. */
  public String text() {
    return String.join("\n", lines);
  }
}
