package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A job for the scheduling simulator: it arrives at a time, needs a CPU for {@code burst} ticks, and has a
 * priority (0 is the highest, larger numbers are lower, as in most textbooks and Unix {@code nice}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name its label in charts and tables; unique within one simulation
 * @param arrival when it becomes ready, in ticks, not negative
 * @param burst how many ticks of CPU it needs, at least 1
 * @param priority 0 (highest) or more (lower); ignored by policies other than priority scheduling
 */
public record Job(String name, long arrival, long burst, int priority) {

  /** Checks the parts. */
  public Job {
    requireNonNull(name, "name");
    checkArgument(arrival >= 0, "job '%s' arrives at %s; arrival times start at 0", name, arrival);
    checkArgument(burst >= 1, "job '%s' has burst %s; a job needs at least 1 tick of CPU", name, burst);
    checkArgument(priority >= 0, "job '%s' has priority %s; use 0 (highest) or more", name, priority);
  }

  /**
   * A job of priority 0.
   *
   * @param name what to call it in schedules and tables
   * @param arrival the tick it arrives at, 0 or more
   * @param burst the CPU ticks it needs, 1 or more
   * @return the job
   */
  public static Job of(String name, long arrival, long burst) {
    return new Job(name, arrival, burst, 0);
  }
}
