package dev.concurrency.examples.faq;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where child processes print: each line is passed on to the example's output and the time it arrived is noted
 * on a trace's clock, so that a child announcing {@code "Task 1 started"} tells when its JVM had started.
 *
 * <p>Lines are keyed by their text up to the last word ({@code "Task 1 started"} under {@code "Task 1"}). This
 * class is thread-safe: the children's output pumps write concurrently, each line under the stream's lock.
 */
final class LineClock {

  /** The stream to give the children; autoflushed, so each line is noted as it arrives. */
  final PrintStream stream;

  private final Trace trace;
  private final Map<String, Long> launched = new ConcurrentHashMap<>();
  private final Map<String, Long> started = new ConcurrentHashMap<>();

  LineClock(Trace trace, PrintStream out) {
    this.trace = requireNonNull(trace, "trace");
    requireNonNull(out, "out");
    this.stream = new PrintStream(new Lines(out), /* autoFlush= */ true, StandardCharsets.UTF_8);
  }

  /** Notes that the child that will print {@code "<task> started"} is launched now ({@code nanos}). */
  void started(String task, long nanos) {
    launched.put(task, nanos);
  }

  /** The longest time from a launch to its child's {@code "started"} line: the start-up of a JVM. */
  Duration startUp() {
    long longest = 0;
    for (Map.Entry<String, Long> e : launched.entrySet()) {
      Long at = started.get(e.getKey());
      checkState(at != null, "the child for '%s' never printed '%s started'", e.getKey(), e.getKey());
      longest = Math.max(longest, at - e.getValue());
    }
    return Duration.ofNanos(longest);
  }

  /** Adds the child's two spans to the trace: its JVM's start-up, then its task until {@code end}. */
  void addSpans(String lane, String task, String name, long end) {
    long launch = requireNonNull(launched.get(task), "no launch noted for " + task);
    long ready = requireNonNull(started.get(task), "no 'started' line from " + task);
    trace.add(new Span(lane, "JVM start", launch, ready));
    trace.add(new Span(lane, name, ready, end));
  }

  /** Splits the bytes into lines, notes each "... started" line's arrival, and forwards every line. */
  private final class Lines extends OutputStream {
    private final PrintStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
      line.reset();
      if (text.endsWith(" started")) {
        started.putIfAbsent(text.substring(0, text.length() - " started".length()), trace.nanos());
      }
      out.println(text);
    }
  }
}
