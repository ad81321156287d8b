package dev.concurrency.async.simulation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.async.internal.LoopSeams;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.PrimitiveIterator;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic simulation of asyncio-style code: run a {@link Scenario} under many seeds, each seed one way the
 * loop could have scheduled it, find the first seed that breaks it, and replay that seed exactly.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=explore}
 *
 * <p><b>What a seed varies.</b> Only what asyncio itself leaves open, so that every simulated run is one real
 * asyncio could produce: the order of timers with equal deadlines; how late the loop wakes for a timer (up to
 * {@link SimulationConfig#maxTimerLateness()}); how much time a tick takes (up to {@link
 * SimulationConfig#maxTickDuration()}); in which tick, and where among the ready callbacks, a {@code toThread}
 * result arrives; and, on the {@link SimulatedNetwork}, each message's latency and which connections are reset.
 * The order of {@code callSoon} callbacks and of one future's callbacks, and "each tick runs exactly what was
 * ready when it began", never change. Time is a manual {@link VirtualClock} that only the simulation moves, so a
 * run of hours takes milliseconds. Each run also draws its own profile inside the configured bounds (some keep
 * time almost exactly, some are as late as allowed), as swarm testing does.
 *
 * <p><b>Determinism.</b> A seed drives one generator (SplitMix64, written out here, so the same on every JDK),
 * drawn from only on the loop, in the loop's order. Threads are no obstacle: the loop waits, in real time, for a
 * {@code toThread} job whose result the seed says is due. A run depends on nothing else as long as the scenario
 * does not: see {@link Scenario} for what breaks that. {@link Exploration#reproduced()} checks it for every
 * failure found.
 *
 * <p><b>Failure.</b> Besides the scenario's invariant and exceptions, a run fails on a deadlock (every task waits
 * and nothing the simulation knows of can wake them, where real asyncio would hang), on an error reported to the
 * loop's exception handler, and on a tick or time limit (a livelock).
 *
 * <p><b>Thread-safety.</b> The static methods may be called from any thread that is not running an event loop;
 * each run builds its own loop, so explorations on different threads do not interfere. {@link #note}, {@link
 * #random()} and {@link #currentSeed()} are for code running on a simulated loop.
 *
 * <p><b>Python:</b> no asyncio counterpart. The ideas come from FoundationDB's deterministic simulation, tokio's
 * {@code turmoil} (a simulated network for async Rust) and Trio's seeded scheduling ({@code
 * trio.testing.MockClock} with its random tie-breaking). Differences from them: nothing is swapped out of the
 * program, only the choices the loop leaves open are steered.
 */
public final class Simulation {

  private static final long USER_STREAM = 0x5851f42d4c957f2dL;

  private Simulation() {}

  /**
   * Runs {@code scenario} with the seeds {@code 0, 1, ..., runs - 1}, stopping at the first that fails.
   *
   * @param <T> the type of the scenario's result
   * @param scenario what to run
   * @param runs how many seeds to try, at least 1
   * @return the exploration's outcome
   */
  public static <T> Exploration<T> explore(Scenario<T> scenario, int runs) {
    checkArgument(runs > 0, "explore needs at least one run, got %s", runs);
    return explore(scenario, LongStream.range(0, runs));
  }

  /**
   * Runs {@code scenario} with each seed of {@code seeds} in turn, stopping at the first that fails.
   *
   * @param <T> the type of the scenario's result
   * @param scenario what to run
   * @param seeds the seeds to try
   * @return the exploration's outcome
   */
  public static <T> Exploration<T> explore(Scenario<T> scenario, LongStream seeds) {
    requireNonNull(scenario, "scenario");
    requireNonNull(seeds, "seeds");
    return explore(scenario, seeds.iterator(), Long.MAX_VALUE);
  }

  /**
   * Runs {@code scenario} with the seeds {@code 0, 1, 2, ...} until one fails or {@code budget} of real time is
   * spent (at least one run).
   *
   * @param <T> the type of the scenario's result
   * @param scenario what to run
   * @param budget how long to explore, in real time
   * @return the exploration's outcome
   */
  public static <T> Exploration<T> explore(Scenario<T> scenario, Duration budget) {
    requireNonNull(scenario, "scenario");
    requireNonNull(budget, "budget");
    checkArgument(!budget.isNegative() && !budget.isZero(), "the exploration budget must be > 0, got %s", budget);
    return explore(scenario, LongStream.iterate(0, s -> s + 1).iterator(), budget.toNanos());
  }

  private static <T> Exploration<T> explore(Scenario<T> scenario, PrimitiveIterator.OfLong seeds, long budget) {
    long start = System.nanoTime();
    int runs = 0;
    while (seeds.hasNext() && (runs == 0 || System.nanoTime() - start < budget)) {
      long seed = seeds.nextLong();
      runs++;
      SimulatedRun<T> quick = Runs.run(scenario, seed, /* record= */ false);
      if (quick.failed()) {
        SimulatedRun<T> recorded = Runs.run(scenario, seed, /* record= */ true);
        boolean same = recorded.failure().equals(quick.failure()) || sameFailure(quick, recorded);
        return new Exploration<>(scenario, runs, recorded, same, Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return new Exploration<>(scenario, runs, null, true, Duration.ofNanos(System.nanoTime() - start));
  }

  private static boolean sameFailure(SimulatedRun<?> a, SimulatedRun<?> b) {
    RunFailure x = a.failure().orElse(null);
    RunFailure y = b.failure().orElse(null);
    return x != null && y != null && x.kind() == y.kind() && x.message().equals(y.message());
  }

  /**
   * Runs {@code scenario} with {@code seed}, recording its trace: the same run as the seed gave in any earlier
   * exploration, event for event, at the same virtual times.
   *
   * @param <T> the type of the scenario's result
   * @param scenario what to run
   * @param seed the seed
   * @return the run, with its trace
   */
  public static <T> SimulatedRun<T> replay(Scenario<T> scenario, long seed) {
    requireNonNull(scenario, "scenario");
    return Runs.run(scenario, seed, /* record= */ true);
  }

  /**
   * A builder for one simulated event loop, with the default bounds, for code that manages its own loop ({@code
   * AsyncIO.run(Simulation.loopBuilder(7), main)}); its trace is {@link #trace(EventLoop)}. The builder builds
   * one loop.
   *
   * @param seed the seed
   * @return the builder, on a new manual {@link VirtualClock}
   */
  public static EventLoop.Builder loopBuilder(long seed) {
    return loopBuilder(seed, SimulationConfig.defaults());
  }

  /**
   * A builder for one simulated event loop with the given bounds; see {@link #loopBuilder(long)}. No invariant
   * applies, and the limits end the run by stopping the loop (the failure is in the {@link #trace}).
   *
   * @param seed the seed
   * @param config the bounds and limits
   * @return the builder, on a new manual {@link VirtualClock}
   */
  public static EventLoop.Builder loopBuilder(long seed, SimulationConfig config) {
    requireNonNull(config, "config");
    return Runs.simulatedLoop(new SeededScheduling(seed, config, VirtualClock.manual(), /* record= */ true));
  }

  /**
   * The trace so far of a loop built by {@link #loopBuilder}.
   *
   * @param loop the loop
   * @return its trace
   * @throws IllegalArgumentException if the loop is not simulated
   */
  public static RunTrace trace(EventLoop loop) {
    SeededScheduling policy = policyOf(requireNonNull(loop, "loop"));
    checkArgument(policy != null, "%s is not a simulated loop; build one with Simulation.loopBuilder(seed)", loop);
    return new RunTrace(policy.seed(), policy.events());
  }

  /**
   * Writes a line into the current run's trace, in the lane of the task that writes it. Does nothing outside a
   * recorded simulated run, so code under test may keep its notes: they cost a method call elsewhere.
   *
   * @param text what happened, in words ({@code "cache miss for 'k'"})
   */
  public static void note(String text) {
    requireNonNull(text, "text");
    SeededScheduling policy = current();
    if (policy != null && policy.recording()) {
      policy.note(AsyncIO.currentTask(), text);
    }
  }

  /**
   * The current simulated run's own random generator, for test data that must replay with the seed: seeded from
   * the run's seed, independent of the draws that schedule the run. Its {@code nextLong()} is SplitMix64; the
   * other methods are {@link RandomGenerator}'s defaults. Loop-confined.
   *
   * @return the run's generator
   * @throws IllegalStateException outside a simulated run
   */
  public static RandomGenerator random() {
    SeededScheduling policy = current();
    if (policy == null) {
      throw new IllegalStateException(
          "Simulation.random() needs a simulated run: call it from a task of a Scenario or of a loop built by"
              + " Simulation.loopBuilder(seed)");
    }
    return policy.userRandom(USER_STREAM);
  }

  /**
   * The seed of the simulated run the calling task belongs to.
   *
   * @return the seed, or empty outside a simulated run
   */
  public static OptionalLong currentSeed() {
    SeededScheduling policy = current();
    return policy == null ? OptionalLong.empty() : OptionalLong.of(policy.seed());
  }

  /** The policy of the simulated loop running on this thread, or {@code null}. */
  static @Nullable SeededScheduling current() {
    AsyncTask<?> task = AsyncIO.currentTask();
    EventLoop loop;
    if (task != null) {
      loop = task.getLoop();
    } else {
      try {
        loop = AsyncIO.getRunningLoop();
      } catch (IllegalStateException noLoop) {
        return null;
      }
    }
    return policyOf(loop);
  }

  private static @Nullable SeededScheduling policyOf(EventLoop loop) {
    return LoopSeams.access().policyOf(loop) instanceof SeededScheduling s ? s : null;
  }
}
