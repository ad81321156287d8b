package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a {@link RoundRobinExecutor} lets a task run before switching to the next: a number of steps
 * (deterministic, for tests and teaching) or a span of time (what an operating system does).
 *
 * <p>Immutable. A slice always runs at least one step, so a task makes progress even with a tiny quantum.
 */
public sealed interface Quantum {

  /**
   * A slice of {@code count} steps.
   *
   * @param count steps per slice, at least 1
   */
  record Steps(int count) implements Quantum {
    /** Checks the count. */
    public Steps {
      checkArgument(count >= 1, "a quantum is at least 1 step, got %s", count);
    }
  }

  /**
   * A slice of as many steps as fit in {@code length}, measured by the executor's ticker after each step.
   *
   * @param length the slice's length, positive
   */
  record Time(Duration length) implements Quantum {
    /** Checks the length. */
    public Time {
      requireNonNull(length, "length");
      checkArgument(length.isPositive(), "a quantum must be positive, got %s", length);
    }
  }

  /**
   * A slice of {@code count} steps.
   *
   * @param count the number of steps, at least 1
   * @return the quantum
   */
  static Quantum steps(int count) {
    return new Steps(count);
  }

  /**
   * A slice of {@code length} of time.
   *
   * @param length the slice's length, positive
   * @return the quantum
   */
  static Quantum of(Duration length) {
    return new Time(length);
  }
}
