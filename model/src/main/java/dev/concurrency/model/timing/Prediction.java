package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Span;
import java.time.Duration;
import java.util.List;

/**
 * What the model predicts for one way of running a set of tasks: the wall time, the lower bound no schedule
 * can beat, the formula in words, and the predicted schedule as spans (drawable with
 * {@link dev.concurrency.model.trace.Gantt}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param technique how the tasks run ({@code "sequential"}, {@code "event loop"}, {@code "2 threads on 2 cores"})
 * @param wall the predicted wall time
 * @param lowerBound the least wall time any schedule of these tasks could take on these resources
 * @param formula how {@code wall} was computed, in one line
 * @param schedule the predicted schedule, one span per task (or per piece of one)
 */
public record Prediction(String technique, Duration wall, Duration lowerBound, String formula, List<Span> schedule) {

  /** Checks the parts and copies the schedule. */
  public Prediction {
    requireNonNull(technique, "technique");
    requireNonNull(wall, "wall");
    requireNonNull(lowerBound, "lowerBound");
    requireNonNull(formula, "formula");
    schedule = List.copyOf(schedule);
    checkArgument(
        lowerBound.compareTo(wall) <= 0, "%s: lower bound %s exceeds the prediction %s", technique, lowerBound, wall);
  }

  /**
   * This prediction with a fixed cost added that the model leaves out, such as starting worker processes:
   * the wall time grows by {@code overhead}; the lower bound and the schedule stay as they are.
   *
   * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=plus}
   *
   * @param what what the overhead is, added to the technique's name and the formula
   * @param overhead how much it adds to the wall time
   * @return the prediction with the overhead added
   * @throws IllegalArgumentException if {@code overhead} is negative
   */
  public Prediction plus(String what, Duration overhead) {
    requireNonNull(what, "what");
    checkArgument(!overhead.isNegative(), "overhead for %s is negative: %s", what, overhead);
    return new Prediction(
        technique + " + " + what, wall.plus(overhead), lowerBound, formula + " + " + what, schedule);
  }
}
