package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.time.Duration;
import java.util.List;

/**
 * The wall time of a real run, with its trace when one was recorded.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param label which run ({@code "2 threads, CPU-bound"})
 * @param wall how long it took
 * @param spans what ran when, possibly empty
 */
public record Measurement(String label, Duration wall, List<Span> spans) {

  /** Checks the parts and copies the spans. */
  public Measurement {
    requireNonNull(label, "label");
    requireNonNull(wall, "wall");
    checkArgument(!wall.isNegative(), "measurement '%s' has a negative wall time %s", label, wall);
    spans = List.copyOf(spans);
  }

  /**
   * A measurement taken from a finished trace: its elapsed time and its spans.
   *
   * @param label the run's name in tables
   * @param trace the trace recorded around the run
   * @return the measurement
   */
  public static Measurement of(String label, Trace trace) {
    return new Measurement(label, trace.elapsed(), trace.spans());
  }

  /**
   * A measurement of a wall time alone.
   *
   * @param label the run's name in tables
   * @param wall how long the run took
   * @return the measurement
   */
  public static Measurement of(String label, Duration wall) {
    return new Measurement(label, wall, List.of());
  }
}
