package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One task of the timing model: its name, whether it computes or waits, how long it takes when it has what
 * it needs, and how much of a resource it holds while it runs (memory, connections: the seed's {@code R_i}).
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=task}
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name a label for charts and tables
 * @param kind computing or waiting
 * @param duration how long it takes alone (the seed's {@code T_i}); not negative
 * @param demand the resource units it holds while running (the seed's {@code R_i}); not negative, finite
 */
public record Task(String name, TaskKind kind, Duration duration, double demand) {

  /** Checks that every part is present and not negative. */
  public Task {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(duration, "duration");
    checkArgument(!duration.isNegative(), "task '%s' has a negative duration %s", name, duration);
    checkArgument(
        demand >= 0 && Double.isFinite(demand), "task '%s' has demand %s; use a finite amount >= 0", name, demand);
  }

  /**
   * A computing task with no resource demand.
   *
   * @param name what to call it in tables and timelines
   * @param duration how long it computes on one core
   * @return the task
   */
  public static Task cpu(String name, Duration duration) {
    return new Task(name, TaskKind.CPU, duration, 0);
  }

  /**
   * A waiting (I/O-bound) task with no resource demand.
   *
   * @param name what to call it in tables and timelines
   * @param duration how long it waits
   * @return the task
   */
  public static Task waiting(String name, Duration duration) {
    return new Task(name, TaskKind.WAIT, duration, 0);
  }

  /**
   * This task, holding some of a resource while it runs.
   *
   * @param units how much of the resource it holds
   * @return a copy of this task with that demand
   */
  public Task withDemand(double units) {
    return new Task(name, kind, duration, units);
  }

  /** The duration in nanoseconds. */
  long nanos() {
    return duration.toNanos();
  }
}
