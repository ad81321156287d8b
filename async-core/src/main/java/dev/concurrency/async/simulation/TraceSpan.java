package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

/**
 * One interval of a simulated run, for timelines: a task's step and the wait after it, from the virtual time
 * the step began to the time the next one began. The fields match the project's timeline renderers ({@code
 * dev.concurrency.model.trace.Span} in the {@code model} module takes the same four values), which async-core
 * does not depend on.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param lane the row: the task's name
 * @param name what the task did in that step: its first {@linkplain Simulation#note(String) note}, or where it
 *     awaited
 * @param startNanos when the step began, virtual nanoseconds since the run started
 * @param endNanos when the next step began (or the task ended), not before {@code startNanos}
 */
public record TraceSpan(String lane, String name, long startNanos, long endNanos) {

  /** Checks the parts. */
  public TraceSpan {
    requireNonNull(lane, "lane");
    requireNonNull(name, "name");
    if (startNanos < 0 || endNanos < startNanos) {
      throw new IllegalArgumentException(
          "a span must have 0 <= start <= end, got " + startNanos + ".." + endNanos + " for " + lane);
    }
  }
}
