package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Gantt;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.SvgTimeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The timeline every example ends with: what ran when, as an ASCII Gantt chart, and as an SVG picture when the
 * example was run with {@code --svg FILE}.
 *
 * <pre>{@code
 * Trace trace = Trace.start();
 * ... // the example's work, each piece inside try (var r = trace.open(lane, name)) { ... }
 * Timeline.print(out, trace, args);
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Timeline {

  /** Columns of time in the terminal chart. */
  public static final int WIDTH = 60;

  /** The argument that asks for an SVG file: {@code ./examples.sh NAME --svg timeline.svg}. */
  public static final String SVG_FLAG = "--svg";

  private Timeline() {}

  /**
   * Prints the trace's spans as a Gantt chart to {@code out}, under a "Timeline" heading, and writes them as
   * an SVG file when {@code args} holds {@code --svg FILE}.
   *
   * @throws IllegalArgumentException if {@code --svg} is the last argument, with no file after it
   * @throws java.io.UncheckedIOException if the SVG file cannot be written
   */
  public static void print(PrintStream out, Trace trace, List<String> args) {
    print(out, trace.spans(), List.of(), args);
  }

  /**
   * Prints spans (from a trace or a simulation) with lines of notes, such as predicted vs measured wall time,
   * under the chart and in the SVG; writes the SVG when {@code args} holds {@code --svg FILE}.
   *
   * @throws IllegalArgumentException if {@code --svg} is the last argument, with no file after it
   * @throws java.io.UncheckedIOException if the SVG file cannot be written
   */
  public static void print(PrintStream out, List<Span> spans, List<String> notes, List<String> args) {
    requireNonNull(out, "out");
    requireNonNull(spans, "spans");
    requireNonNull(notes, "notes");
    Optional<Path> svg = svgPath(args);
    out.println("Timeline:");
    out.print(Gantt.ascii(spans, WIDTH));
    notes.forEach(out::println);
    svg.ifPresent(
        path -> {
          SvgTimeline.write(spans, notes, path);
          out.println("SVG timeline written to " + path.toAbsolutePath());
        });
  }

  /** The file named after {@code --svg} in {@code args}, if any. */
  static Optional<Path> svgPath(List<String> args) {
    requireNonNull(args, "args");
    int at = args.indexOf(SVG_FLAG);
    if (at < 0) {
      return Optional.empty();
    }
    if (at == args.size() - 1) {
      throw new IllegalArgumentException(
          SVG_FLAG + " needs a file name after it, for example: ./examples.sh NAME --svg timeline.svg");
    }
    return Optional.of(Path.of(args.get(at + 1)));
  }
}
