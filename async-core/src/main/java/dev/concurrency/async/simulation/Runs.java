package dev.concurrency.async.simulation;

import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.Runner;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.async.internal.LoopSeams;
import dev.concurrency.async.simulation.RunFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs one seed of a scenario: a fresh simulated loop, the body as its main task (as {@code asyncio.run} does:
 * leftover tasks are cancelled and the loop closed at the end), then the verdict.
 *
 * <p>Stateless; each call builds its own loop, so runs on different threads do not interfere.
 */
final class Runs {

  private Runs() {}

  /** A loop builder on a new manual virtual clock, with the policy installed; no watchdog, no debug timing. */
  static EventLoop.Builder simulatedLoop(SeededScheduling policy) {
    EventLoop.Builder builder =
        EventLoop.builder()
            .clock(policy.clock())
            .debug(false) // debug mode times callbacks in real time: its reports would differ from run to run
            .blockedLoopLimit(Duration.ZERO); // the watchdog too
    return LoopSeams.access().withPolicy(builder, policy);
  }

  static <T> SimulatedRun<T> run(Scenario<T> scenario, long seed, boolean record) {
    SeededScheduling policy = new SeededScheduling(seed, scenario.config(), VirtualClock.manual(), record);
    List<String> loopErrors = new ArrayList<>();
    EventLoop.Builder builder =
        simulatedLoop(policy)
            .exceptionHandler(
                (loop, context) -> {
                  String text = describe(context);
                  loopErrors.add(text);
                  policy.record(TraceEvent.Kind.LOOP_ERROR, TraceEvent.LOOP, text);
                });
    T result = null;
    Throwable thrown = null;
    Runner runner = new Runner(builder);
    try {
      result = runner.run(scenario.body());
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) {
      thrown = e;
    } finally {
      try {
        runner.close();
      } catch (RuntimeException stoppedAgain) {
        // the cleanup was stopped by the policy after a failure it recorded; anything else is the body's
        if (policy.failure() == null && thrown == null) {
          thrown = stoppedAgain;
        }
      }
    }
    RunFailure failure = verdict(scenario, policy, result, thrown, loopErrors);
    if (failure != null && policy.failure() == null) {
      policy.record(TraceEvent.Kind.FAILURE, TraceEvent.LOOP, failure.toString());
    }
    RunTrace trace = new RunTrace(seed, policy.events());
    return new SimulatedRun<>(
        scenario.name(), seed, result, failure, trace, policy.ticks(), policy.clock().read());
  }

  private static <T> @Nullable RunFailure verdict(
      Scenario<T> scenario, SeededScheduling policy, @Nullable T result, @Nullable Throwable thrown,
      List<String> loopErrors) {
    RunFailure own = policy.failure();
    if (own != null) {
      return own;
    }
    if (thrown != null) {
      return new RunFailure(Kind.EXCEPTION, "the body threw " + thrown, thrown);
    }
    if (!loopErrors.isEmpty() && scenario.config().failOnLoopErrors()) {
      return new RunFailure(Kind.LOOP_ERROR, "the loop reported " + loopErrors.size() + " error"
          + (loopErrors.size() == 1 ? "" : "s") + "; the first: " + loopErrors.get(0), null);
    }
    try {
      if (!scenario.invariant().test(result)) {
        return new RunFailure(Kind.INVARIANT, "expected " + scenario.invariantName() + ", but the result was "
            + result, null);
      }
    } catch (RuntimeException | AssertionError e) {
      return new RunFailure(Kind.EXCEPTION, "the invariant '" + scenario.invariantName() + "' threw " + e, e);
    }
    return null;
  }

  /** The handler's context without the handle, whose callback prints with a JVM-specific hash. */
  private static String describe(ErrorContext context) {
    StringBuilder s = new StringBuilder(context.message());
    if (context.future() != null) {
      s.append(" (").append(context.future()).append(')');
    }
    if (context.exception() != null) {
      s.append(": ").append(context.exception());
    }
    return s.toString();
  }
}
