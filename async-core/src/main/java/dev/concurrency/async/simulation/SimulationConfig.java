package dev.concurrency.async.simulation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bounds of what a simulated run may vary, and the limits that end a run that goes wrong. Immutable: start
 * from {@link #defaults()} and change settings with the {@code with...} methods.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=simulationConfig}
 *
 * <p>Every run draws its own profile inside these bounds (see {@link Simulation}): some runs keep time almost
 * exactly, others are as late as allowed, so that one exploration covers both a quiet machine and a loaded one.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxTimerLateness how late the loop may wake for a timer, after its deadline (default 1 ms)
 * @param maxTickDuration how much virtual time a tick that runs callbacks may take (default 20 us)
 * @param maxArrivalTicks in how many ticks, at most, a {@code toThread} result arrives once the loop has moved on
 *     (default 8; the loop may also wait for it when it has nothing else to do)
 * @param arrivalTimeout how long, in real time, the loop waits for a {@code toThread} job that the run needs now
 *     before the run fails (default 60 s)
 * @param tickLimit how many ticks a run may take before it fails as a livelock (default 1,000,000)
 * @param timeLimit how much virtual time a run may take before it fails (default 24 hours)
 * @param minLatency the shortest time a message takes on the {@link SimulatedNetwork} (default 100 us)
 * @param maxLatency the longest time a message takes on the {@link SimulatedNetwork} (default 5 ms)
 * @param resetChance the probability that a simulated connection is reset by the network at a seeded moment of
 *     its life (default 0: never)
 * @param failOnLoopErrors whether a run in which the loop's exception handler was called fails (default true: a
 *     lost task exception, a callback that threw, a task destroyed while pending are bugs)
 * @param traceAwaitSites whether a recorded trace names where each task awaits (default true; costs a stack walk
 *     per step, only in recorded runs)
 */
public record SimulationConfig(
    Duration maxTimerLateness,
    Duration maxTickDuration,
    int maxArrivalTicks,
    Duration arrivalTimeout,
    long tickLimit,
    Duration timeLimit,
    Duration minLatency,
    Duration maxLatency,
    double resetChance,
    boolean failOnLoopErrors,
    boolean traceAwaitSites) {

  private static final SimulationConfig DEFAULTS =
      new SimulationConfig(
          Duration.ofMillis(1),
          Duration.ofNanos(20_000),
          8,
          Duration.ofSeconds(60),
          1_000_000,
          Duration.ofHours(24),
          Duration.ofNanos(100_000),
          Duration.ofMillis(5),
          0.0,
          true,
          true);

  /** Checks every setting and names the one that is wrong. */
  public SimulationConfig {
    requireNonNull(maxTimerLateness, "maxTimerLateness");
    requireNonNull(maxTickDuration, "maxTickDuration");
    requireNonNull(arrivalTimeout, "arrivalTimeout");
    requireNonNull(timeLimit, "timeLimit");
    requireNonNull(minLatency, "minLatency");
    requireNonNull(maxLatency, "maxLatency");
    checkNotNegative(maxTimerLateness, "maxTimerLateness");
    checkNotNegative(maxTickDuration, "maxTickDuration");
    checkArgument(maxArrivalTicks >= 0, "maxArrivalTicks must be >= 0, got %s", maxArrivalTicks);
    checkArgument(
        arrivalTimeout.compareTo(Duration.ZERO) > 0, "arrivalTimeout must be > 0, got %s", arrivalTimeout);
    checkArgument(tickLimit > 0, "tickLimit must be > 0, got %s", tickLimit);
    checkArgument(timeLimit.compareTo(Duration.ZERO) > 0, "timeLimit must be > 0, got %s", timeLimit);
    checkNotNegative(minLatency, "minLatency");
    checkArgument(
        maxLatency.compareTo(minLatency) >= 0,
        "maxLatency (%s) must be >= minLatency (%s); set both with withNetworkLatency(min, max)",
        maxLatency,
        minLatency);
    checkArgument(
        resetChance >= 0 && resetChance <= 1, "resetChance must be a probability in [0, 1], got %s", resetChance);
    // every bound is used in nanoseconds: refuse what does not fit rather than overflow in the middle of a run
    for (Duration d : new Duration[] {maxTimerLateness, maxTickDuration, timeLimit, maxLatency}) {
      checkArgument(
          d.compareTo(Duration.ofDays(365)) <= 0, "simulation durations must be at most 365 days, got %s", d);
    }
  }

  /**
   * The default bounds: timers up to 1 ms late, ticks up to 20 us long, {@code toThread} results within 8 ticks,
   * network latency 100 us to 5 ms, no resets; limits of 1,000,000 ticks, 24 hours of virtual time and 60 s of real
   * time per awaited job.
   *
   * @return the default configuration
   */
  public static SimulationConfig defaults() {
    return DEFAULTS;
  }

  /**
   * This configuration with another bound on timer lateness; {@link Duration#ZERO} makes every timer fire at its
   * deadline.
   *
   * @param bound the bound
   * @return the new configuration
   */
  public SimulationConfig withMaxTimerLateness(Duration bound) {
    return new SimulationConfig(bound, maxTickDuration, maxArrivalTicks, arrivalTimeout, tickLimit, timeLimit,
        minLatency, maxLatency, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with another bound on the virtual time a tick takes.
   *
   * @param bound the bound
   * @return the new configuration
   */
  public SimulationConfig withMaxTickDuration(Duration bound) {
    return new SimulationConfig(maxTimerLateness, bound, maxArrivalTicks, arrivalTimeout, tickLimit, timeLimit,
        minLatency, maxLatency, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with another bound on the ticks a {@code toThread} result may take to arrive.
   *
   * @param ticks the bound, 0 or more
   * @return the new configuration
   */
  public SimulationConfig withMaxArrivalTicks(int ticks) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, ticks, arrivalTimeout, tickLimit, timeLimit,
        minLatency, maxLatency, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with another real-time limit on waiting for a {@code toThread} job.
   *
   * @param timeout the limit
   * @return the new configuration
   */
  public SimulationConfig withArrivalTimeout(Duration timeout) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, timeout, tickLimit, timeLimit,
        minLatency, maxLatency, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with other limits on a run's length.
   *
   * @param ticks the most ticks
   * @param time the most virtual time
   * @return the new configuration
   */
  public SimulationConfig withLimits(long ticks, Duration time) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, arrivalTimeout, ticks, time,
        minLatency, maxLatency, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with another range of message latency on the simulated network.
   *
   * @param min the shortest latency
   * @param max the longest latency, at least {@code min}
   * @return the new configuration
   */
  public SimulationConfig withNetworkLatency(Duration min, Duration max) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, arrivalTimeout, tickLimit,
        timeLimit, min, max, resetChance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with another chance that a simulated connection is reset.
   *
   * @param chance a probability in [0, 1]
   * @return the new configuration
   */
  public SimulationConfig withResetChance(double chance) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, arrivalTimeout, tickLimit,
        timeLimit, minLatency, maxLatency, chance, failOnLoopErrors, traceAwaitSites);
  }

  /**
   * This configuration with loop errors failing a run, or not.
   *
   * @param fail whether a call of the loop's exception handler fails the run
   * @return the new configuration
   */
  public SimulationConfig withFailOnLoopErrors(boolean fail) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, arrivalTimeout, tickLimit,
        timeLimit, minLatency, maxLatency, resetChance, fail, traceAwaitSites);
  }

  /**
   * This configuration with await sites in recorded traces, or not.
   *
   * @param trace whether a recorded trace names where each task awaits
   * @return the new configuration
   */
  public SimulationConfig withTraceAwaitSites(boolean trace) {
    return new SimulationConfig(maxTimerLateness, maxTickDuration, maxArrivalTicks, arrivalTimeout, tickLimit,
        timeLimit, minLatency, maxLatency, resetChance, failOnLoopErrors, trace);
  }

  private static void checkNotNegative(Duration d, String name) {
    checkArgument(!d.isNegative(), "%s must be >= 0, got %s", name, d);
  }
}
