package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Simulation#explore}: how many seeds ran, and the first run that failed, if one did, recorded
 * with its trace. The failing run is found without recording (fast) and then replayed with it; {@link
 * #reproduced()} says whether the replay failed the same way, which is what makes the seed worth keeping.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=exploration}
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the type of the scenario's result
 */
public final class Exploration<T> {

  private final Scenario<T> scenario;
  private final int runs;
  private final @Nullable SimulatedRun<T> failure;
  private final boolean reproduced;
  private final Duration elapsed;

  Exploration(Scenario<T> scenario, int runs, @Nullable SimulatedRun<T> failure, boolean reproduced,
      Duration elapsed) {
    this.scenario = requireNonNull(scenario, "scenario");
    this.runs = runs;
    this.failure = failure;
    this.reproduced = reproduced;
    this.elapsed = requireNonNull(elapsed, "elapsed");
  }

  /**
   * The scenario explored.
   *
   * @return the scenario
   */
  public Scenario<T> scenario() {
    return scenario;
  }

  /**
   * How many seeds ran, the failing one included.
   *
   * @return the number of runs
   */
  public int runs() {
    return runs;
  }

  /**
   * Whether no run failed.
   *
   * @return whether every run passed
   */
  public boolean passed() {
    return failure == null;
  }

  /**
   * The first failing run, replayed with its trace.
   *
   * @return the failing run, or empty if every run passed
   */
  public Optional<SimulatedRun<T>> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The seed of the first failing run.
   *
   * @return the seed, or empty if every run passed
   */
  public OptionalLong failingSeed() {
    return failure == null ? OptionalLong.empty() : OptionalLong.of(failure.seed());
  }

  /**
   * Whether replaying the failing seed failed the same way (same kind, same message). Always true when nothing
   * failed. False means the scenario depends on something outside the simulation.
   *
   * @return whether the failure reproduced
   */
  public boolean reproduced() {
    return reproduced;
  }

  /**
   * The real time the exploration took, replay included.
   *
   * @return the wall-clock time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * A report for people: how many seeds passed, or the failing seed with its failure, how to replay it, and the
   * interleaving of its tasks.
   *
   * @return the report
   */
  public String report() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "explored '%s': %d run%s in %.3f s", scenario.name(), runs,
        runs == 1 ? "" : "s", elapsed.toNanos() / 1e9));
    SimulatedRun<T> f = failure;
    if (f == null) {
      return s.append(", no failure\n").toString();
    }
    s.append(", seed ").append(f.seed()).append(" failed\n");
    if (!reproduced) {
      s.append("WARNING: replaying the seed did not fail the same way: the scenario depends on something outside"
          + " the simulation (a thread other than toThread, a real socket, the wall clock, state kept between"
          + " runs, identity hash codes)\n");
    }
    return s.append(f.report()).toString();
  }

  /**
   * Throws if a run failed; for tests that need no JUnit dependency.
   *
   * @throws AssertionError with the {@link #report()} (and the failing run's exception as its cause) if a run
   *     failed
   */
  public void assertPassed() {
    SimulatedRun<T> f = failure;
    if (f != null) {
      throw new AssertionError(report(), f.failure().map(RunFailure::cause).orElse(null));
    }
  }

  /**
   * Runs the failing seed again, recorded; the same as {@code Simulation.replay(scenario(), failingSeed)}.
   *
   * @return the replayed run
   * @throws IllegalStateException if no run failed
   */
  public SimulatedRun<T> replay() {
    SimulatedRun<T> f = failure;
    if (f == null) {
      throw new IllegalStateException("no run failed in this exploration: there is no seed to replay");
    }
    return Simulation.replay(scenario, f.seed());
  }

  @Override
  public String toString() {
    return "Exploration[" + scenario.name() + ", " + runs + " runs, "
        + (failure == null ? "passed" : "seed " + failure.seed() + " failed") + "]";
  }
}
