package dev.concurrency.examples.asyncio;

import dev.concurrency.async.simulation.SimulatedRun;
import dev.concurrency.async.simulation.TraceSpan;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Span;
import java.io.PrintStream;
import java.util.List;

/**
 * A simulated run's timeline: async-core's {@link TraceSpan}s (virtual time; async-core does not depend on the
 * {@code model} module) handed to the project's renderers as {@link Span}s, printed as a Gantt chart and written
 * as SVG with {@code --svg FILE}. Stateless and thread-safe.
 */
final class SimulationTimeline {

  private SimulationTimeline() {}

  static void print(PrintStream out, SimulatedRun<?> run, List<String> args) {
    List<Span> spans = run.trace().spans().stream()
        .map(s -> new Span(s.lane(), s.name(), s.startNanos(), s.endNanos()))
        .toList();
    Timeline.print(out, spans, List.of("seed " + run.seed() + " of '" + run.scenario() + "', virtual time"), args);
  }
}
