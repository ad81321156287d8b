package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one simulated run of a {@link Scenario}: its seed, the body's result or why the run failed,
 * how many ticks and how much virtual time it took, and its {@link RunTrace} (empty unless the run was recorded,
 * as {@link Simulation#replay} runs are).
 *
 * <p>Instances are immutable and thread-safe (the result is whatever the body returned).
 *
 * @param <T> the type of the body's result
 */
public final class SimulatedRun<T> {

  private final String scenario;
  private final long seed;
  private final @Nullable T result;
  private final @Nullable RunFailure failure;
  private final RunTrace trace;
  private final long ticks;
  private final long virtualNanos;

  SimulatedRun(String scenario, long seed, @Nullable T result, @Nullable RunFailure failure, RunTrace trace,
      long ticks, long virtualNanos) {
    this.scenario = requireNonNull(scenario, "scenario");
    this.seed = seed;
    this.result = result;
    this.failure = failure;
    this.trace = requireNonNull(trace, "trace");
    this.ticks = ticks;
    this.virtualNanos = virtualNanos;
  }

  /**
   * The name of the scenario that ran.
   *
   * @return the scenario's name
   */
  public String scenario() {
    return scenario;
  }

  /**
   * The seed of the run: {@code Simulation.replay(scenario, seed)} runs it again, exactly.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * What the body returned, or {@code null} if it returned nothing or did not return.
   *
   * @return the body's result
   */
  public @Nullable T result() {
    return result;
  }

  /**
   * Why the run failed, if it did.
   *
   * @return the failure, or empty if the run passed
   */
  public Optional<RunFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Whether the run failed.
   *
   * @return whether the run failed
   */
  public boolean failed() {
    return failure != null;
  }

  /**
   * The run's events (empty unless the run was recorded).
   *
   * @return the trace
   */
  public RunTrace trace() {
    return trace;
  }

  /**
   * How many ticks the loop ran.
   *
   * @return the number of ticks
   */
  public long ticks() {
    return ticks;
  }

  /**
   * How much virtual time the run took.
   *
   * @return the virtual time from start to end
   */
  public Duration virtualTime() {
    return Duration.ofNanos(virtualNanos);
  }

  /**
   * A report for people: whether the run passed, why it failed, how to replay it, and the tasks' interleaving.
   *
   * @return the report
   */
  public String report() {
    StringBuilder s = new StringBuilder();
    s.append("scenario '").append(scenario).append("', seed ").append(seed).append(": ");
    if (failure == null) {
      s.append("passed");
    } else {
      s.append(failure);
    }
    s.append(" (").append(ticks).append(" ticks, ").append(RunTrace.millis(virtualNanos, 3))
        .append(" ms of virtual time)\n");
    if (failure != null) {
      s.append("replay it with Simulation.replay(scenario, ").append(seed).append("L)\n");
    }
    if (!trace.events().isEmpty()) {
      s.append(trace.interleaving());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "SimulatedRun[" + scenario + ", seed " + seed + ", " + (failure == null ? "passed" : failure.kind()) + "]";
  }
}
