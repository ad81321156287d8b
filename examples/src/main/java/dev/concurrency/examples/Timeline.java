package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Gantt;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.SvgTimeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.model.trace.TraceEvents;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The timeline every example ends with: what ran when, as an ASCII Gantt chart, as an SVG picture when the
 * example was run with {@code --svg FILE}, and as a Chrome trace-event file for Perfetto with {@code --trace FILE}.
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

  /**
   * The argument that asks for a Chrome trace-event / Perfetto file: {@code ./examples.sh NAME --trace run.json},
   * to open in {@code ui.perfetto.dev} or {@code chrome://tracing}.
   */
  public static final String TRACE_FLAG = "--trace";

  /**
   * The system property with the directory a relative {@code --svg} or {@code --trace} file is relative to:
   * {@code examples.sh} sets it to the directory it was run from, since it runs Java from the repository's root.
   */
  public static final String CALLER_DIRECTORY_PROPERTY = "dev.concurrency.examples.cwd";

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
    Optional<Path> trace = path(args, TRACE_FLAG, "run.json");
    out.println("Timeline:");
    out.print(Gantt.ascii(spans, WIDTH));
    notes.forEach(out::println);
    svg.ifPresent(
        path -> {
          SvgTimeline.write(spans, notes, path);
          out.println("SVG timeline written to " + path.toAbsolutePath());
        });
    trace.ifPresent(
        path -> {
          TraceEvents.write(spans, path);
          out.println("Trace written to " + path.toAbsolutePath() + " (open it in ui.perfetto.dev)");
        });
  }

  /** The file named after {@code --svg} in {@code args}, if any. */
  static Optional<Path> svgPath(List<String> args) {
    return path(args, SVG_FLAG, "timeline.svg");
  }

  /**
   * The file named after {@code flag} in {@code args}, if any; a relative one is resolved against {@link
   * #CALLER_DIRECTORY_PROPERTY} when it is set.
   */
  static Optional<Path> path(List<String> args, String flag, String exampleFile) {
    requireNonNull(args, "args");
    int at = args.indexOf(flag);
    if (at < 0) {
      return Optional.empty();
    }
    if (at == args.size() - 1) {
      throw new IllegalArgumentException(
          flag + " needs a file name after it, for example: ./examples.sh NAME " + flag + " " + exampleFile);
    }
    Path given = Path.of(args.get(at + 1));
    String caller = System.getProperty(CALLER_DIRECTORY_PROPERTY);
    return Optional.of(given.isAbsolute() || caller == null || caller.isEmpty() ? given : Path.of(caller).resolve(given));
  }
}
