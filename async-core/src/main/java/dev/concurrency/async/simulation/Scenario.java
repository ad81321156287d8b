package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.Coroutine;
import java.util.function.Predicate;

/**
 * What a simulation explores: a coroutine that sets up its own state and runs the code under test (the main task
 * of each run), and an invariant its result must satisfy. A run fails when the invariant does not hold, when the
 * body throws, when the tasks deadlock, when the loop reports an error, or when the run exceeds its limits.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=scenario}
 *
 * <p>The body runs once per seed, so it must create what it mutates: state kept outside it would carry one run's
 * leftovers into the next, and the runs would no longer replay alone. The same goes for anything the simulation
 * cannot see: wall-clock time, real sockets, threads other than {@code toThread} jobs, and iteration over
 * identity-hashed collections ({@code HashMap} of objects without {@code hashCode}) make a run depend on more
 * than its seed.
 *
 * <p>Instances are immutable and thread-safe; the body and the invariant are called on the run's loop.
 *
 * @param <T> the type of the body's result
 * @param name what the scenario is, for reports
 * @param body the main coroutine of each run
 * @param invariantName what the invariant says, for reports
 * @param invariant the property the result must have
 * @param config the bounds of what a run varies, and its limits
 */
public record Scenario<T>(
    String name, Coroutine<T> body, String invariantName, Predicate<? super T> invariant, SimulationConfig config) {

  /** Checks that every part is present. */
  public Scenario {
    requireNonNull(name, "name");
    requireNonNull(body, "body");
    requireNonNull(invariantName, "invariantName");
    requireNonNull(invariant, "invariant");
    requireNonNull(config, "config");
  }

  /**
   * A scenario whose runs fail only by throwing, deadlocking, loop errors or limits; add an invariant with
   * {@link #expect}.
   *
   * @param <T> the type of the body's result
   * @param name what the scenario is
   * @param body the main coroutine of each run
   * @return the scenario, with the default {@link SimulationConfig}
   */
  public static <T> Scenario<T> of(String name, Coroutine<T> body) {
    return new Scenario<>(name, body, "no failure", result -> true, SimulationConfig.defaults());
  }

  /**
   * A scenario whose body returns nothing: its checks are assertions inside it.
   *
   * @param name what the scenario is
   * @param body the main coroutine of each run
   * @return the scenario, with the default {@link SimulationConfig}
   */
  public static Scenario<Void> of(String name, AsyncRunnable body) {
    return of(name, requireNonNull(body, "body").asCoroutine());
  }

  /**
   * This scenario with an invariant on the body's result (replacing any earlier one).
   *
   * @param description what the invariant says, for the report of a failing run
   * @param property the property every run's result must have
   * @return the new scenario
   */
  public Scenario<T> expect(String description, Predicate<? super T> property) {
    return new Scenario<>(name, body, description, property, config);
  }

  /**
   * This scenario with other bounds and limits.
   *
   * @param newConfig the configuration
   * @return the new scenario
   */
  public Scenario<T> withConfig(SimulationConfig newConfig) {
    return new Scenario<>(name, body, invariantName, invariant, newConfig);
  }
}
