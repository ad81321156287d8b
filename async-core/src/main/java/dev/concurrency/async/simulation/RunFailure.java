package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Why a simulated run failed.
 *
 * <p>Instances are immutable and thread-safe (the cause is whatever the run threw; do not change it).
 *
 * @param kind the kind of failure
 * @param message what went wrong, in words
 * @param cause the exception behind it, if there is one
 */
public record RunFailure(Kind kind, String message, @Nullable Throwable cause) {

  /** The ways a run fails. */
  public enum Kind {
    /** The scenario's invariant did not hold for the run's result. */
    INVARIANT,
    /** The scenario's body threw (an assertion inside it, or any other exception). */
    EXCEPTION,
    /**
     * Every task waits and nothing the simulation knows of can wake them: no callback ready, no timer, no
     * thread job, no message in flight. Real asyncio would hang here forever.
     */
    DEADLOCK,
    /** The loop's exception handler was called (with {@link SimulationConfig#failOnLoopErrors()}). */
    LOOP_ERROR,
    /** The run took more ticks or more virtual time than {@link SimulationConfig} allows: a livelock, say. */
    LIMIT,
    /** A {@code toThread} job the run needed did not finish within {@link SimulationConfig#arrivalTimeout()}. */
    ARRIVAL_TIMEOUT
  }

  /** Checks that every part is present. */
  public RunFailure {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message;
  }
}
