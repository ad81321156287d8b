package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ThreadBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The soundness bar: whatever the program and whatever the seed, a simulated run keeps asyncio's guarantees:
 * {@code callSoon} callbacks run in the order they were scheduled, one future's callbacks run in the order they
 * were added, no timer fires before its deadline, timers fire in deadline order, and no sleep returns early.
 */
final class SoundnessPropertyTest {

  /** One step of a generated task. */
  sealed interface Op {}

  /** {@code sleep(micros)}. */
  record Sleep(int micros) implements Op {}

  /** {@code sleep(0)}: one tick. */
  record Yield() implements Op {}

  /** {@code count} callbacks with {@code callSoon}. */
  record CallSoon(int count) implements Op {}

  /** A timer {@code micros} from now, with {@code callAt}. */
  record CallLater(int micros) implements Op {}

  /** A future with {@code callbacks} done-callbacks, completed by a timer {@code micros} from now. */
  record FutureCallbacks(int callbacks, int micros) implements Op {}

  /** A {@code toThread} job, which arrives in a seeded tick. */
  record ToThread() implements Op {}

  @Provide
  Arbitrary<List<List<Op>>> programs() {
    Arbitrary<Op> op = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 3_000).map(Sleep::new),
        Arbitraries.just(new Yield()),
        Arbitraries.integers().between(1, 4).map(CallSoon::new),
        Arbitraries.integers().between(0, 3_000).map(CallLater::new),
        Arbitraries.integers().between(1, 4).flatMap(
            n -> Arbitraries.integers().between(0, 2_000).map(us -> new FutureCallbacks(n, us))),
        Arbitraries.just(new ToThread()));
    return op.list().ofMinSize(1).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(5);
  }

  /** What a run observed, in the order it happened (loop-confined). */
  private static final class Observed {
    final List<Integer> soon = new ArrayList<>();
    final List<long[]> futureCallbacks = new ArrayList<>(); // {future, index}
    final List<long[]> timers = new ArrayList<>(); // {deadline, fired at}
    final List<String> violations = new ArrayList<>();
    int nextSoon;
    int nextFuture;
    final List<Integer> futureSizes = new ArrayList<>();
  }

  @Property(tries = 300)
  void everySimulatedRun_keepsAsyncioGuarantees(
      @ForAll long seed, @ForAll("programs") @Size(min = 1) List<List<Op>> program) {
    Observed seen = new Observed();
    Scenario<Void> scenario = Scenario.of("generated", () -> {
      EventLoop loop = AsyncIO.getRunningLoop();
      AsyncRunnable[] tasks = new AsyncRunnable[program.size()];
      for (int t = 0; t < tasks.length; t++) {
        List<Op> ops = program.get(t);
        tasks[t] = () -> {
          for (Op op : ops) {
            perform(loop, op, seen);
          }
        };
      }
      AsyncIO.gather(tasks).await();
      AsyncIO.sleep(Duration.ofMillis(10)); // every timer and future scheduled above has fired by now
    });
    SimulatedRun<Void> run = Simulation.replay(scenario, seed);

    assertThat(run.failure()).as("seed %s", seed).isEmpty();
    assertThat(seen.violations).as("seed %s", seed).isEmpty();
    // callSoon is FIFO
    assertThat(seen.soon).as("callSoon order, seed %s", seed).isSorted().doesNotHaveDuplicates()
        .hasSize(seen.nextSoon);
    // each future's callbacks in the order they were added, each once
    for (int f = 0; f < seen.futureSizes.size(); f++) {
      int future = f;
      List<Long> order = seen.futureCallbacks.stream().filter(c -> c[0] == future).map(c -> c[1]).toList();
      List<Long> expected = new ArrayList<>();
      for (long i = 0; i < seen.futureSizes.get(f); i++) {
        expected.add(i);
      }
      assertThat(order).as("callbacks of future %s, seed %s", f, seed).isEqualTo(expected);
    }
    // no timer before its deadline, and timers in deadline order
    long previousDeadline = Long.MIN_VALUE;
    for (long[] timer : seen.timers) {
      assertThat(timer[1]).as("a timer due at %s fired at %s, seed %s", timer[0], timer[1], seed)
          .isGreaterThanOrEqualTo(timer[0]);
      assertThat(timer[0]).as("timers out of deadline order, seed %s", seed).isGreaterThanOrEqualTo(previousDeadline);
      previousDeadline = timer[0];
    }
  }

  private static void perform(EventLoop loop, Op op, Observed seen) throws Exception {
    switch (op) {
      case Sleep s -> {
        long start = loop.time();
        AsyncIO.sleep(Duration.ofNanos(s.micros() * 1_000L));
        if (loop.time() - start < s.micros() * 1_000L) {
          seen.violations.add("sleep(" + s.micros() + " us) returned after " + (loop.time() - start) + " ns");
        }
      }
      case Yield y -> AsyncIO.sleep(Duration.ZERO);
      case CallSoon c -> {
        for (int i = 0; i < c.count(); i++) {
          int order = seen.nextSoon++;
          loop.callSoon(() -> seen.soon.add(order));
        }
      }
      case CallLater c -> {
        long deadline = loop.time() + c.micros() * 1_000L;
        loop.callAt(deadline, () -> seen.timers.add(new long[] {deadline, loop.time()}));
      }
      case FutureCallbacks f -> {
        int id = seen.nextFuture++;
        seen.futureSizes.add(f.callbacks());
        AsyncFuture<Void> future = loop.createFuture();
        for (int i = 0; i < f.callbacks(); i++) {
          long index = i;
          future.addDoneCallback(done -> seen.futureCallbacks.add(new long[] {id, index}));
        }
        long deadline = loop.time() + f.micros() * 1_000L;
        loop.callAt(deadline, () -> {
          seen.timers.add(new long[] {deadline, loop.time()});
          future.setResult(null);
        });
      }
      case ToThread t -> ThreadBridge.toThread(() -> 1);
    }
  }
}
