package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The event-loop workloads written the way plain Java would without this project: {@code CompletableFuture}s
 * whose stages run on one single-thread executor (the "loop"), {@code CompletableFuture.delayedExecutor} for
 * timers, {@code Executor.execute} for {@code call_soon}. System {@code jdk-cf}.
 *
 * <p>A "task" is a chain of stages on the loop; a {@code sleep(0)} is one more trip through the loop's queue.
 * Everything a task touches is confined to the loop thread; results cross to the measuring thread through the
 * future it waits on.
 */
public final class CompletableFutureWorkloads {

  private static final Runnable NOTHING = () -> {};

  private CompletableFutureWorkloads() {}

  /** E1, E2, E3, E6, E7. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("E1_spawn_gather", CompletableFutureWorkloads::spawnGather),
        Workload.of("E2_yield_switch", CompletableFutureWorkloads::yieldSwitch),
        Workload.of("E3_timers", CompletableFutureWorkloads::timers),
        Workload.of("E6_call_soon", CompletableFutureWorkloads::callSoon),
        Workload.of("E7_seed_gather", CompletableFutureWorkloads::seedGather));
  }

  /** E1: n tasks, each one trip to start and one for its {@code sleep(0)}, gathered with {@code allOf}. */
  static List<Figure> spawnGather(Scale scale) throws Exception {
    int n = scale.pick(100_000, 2_000);
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      long start = System.nanoTime();
      long sum = CompletableFuture.supplyAsync(() -> {
        List<CompletableFuture<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          int id = i;
          tasks.add(CompletableFuture.supplyAsync(() -> id, loop).thenApplyAsync(x -> x, loop));
        }
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture<?>[]::new))
            .thenApply(done -> tasks.stream().mapToLong(CompletableFuture::join).sum());
      }, loop).thenCompose(gathered -> gathered).get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      check(sum == (long) n * (n - 1) / 2, "the tasks' results sum to " + sum);
      return List.of(Measure.rate("tasks_per_s", n, nanos, "tasks/s"));
    }
  }

  /** E2: one task that yields n times; each yield is a stage completed by a trip through the loop. */
  static List<Figure> yieldSwitch(Scale scale) throws Exception {
    // The loop is busy running the step that yields, so the stage completes only after thenRun is registered.
    return hops(scale.pick(1_000_000, 10_000), loop -> next -> CompletableFuture.runAsync(NOTHING, loop).thenRun(next),
        "switches_per_s", "switches/s");
  }

  /** E3: n timers, uniform 0..0.5 s (seed 42), each due time taken on the loop as the timer is set. */
  static List<Figure> timers(Scale scale) throws Exception {
    int n = scale.pick(100_000, 2_000);
    long[] delays = delays(n, scale.pick(500_000_000, 100_000_000));
    long[] lateness = new long[n];
    Arrays.fill(lateness, Long.MIN_VALUE);
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      long start = System.nanoTime();
      CompletableFuture.supplyAsync(() -> {
        CompletableFuture<?>[] timers = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
          int id = i;
          long due = System.nanoTime() + delays[i];
          Executor later = CompletableFuture.delayedExecutor(delays[i], NANOSECONDS, loop);
          timers[i] = CompletableFuture.runAsync(() -> lateness[id] = System.nanoTime() - due, later);
        }
        return CompletableFuture.allOf(timers);
      }, loop).thenCompose(all -> all).get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      return timerFigures(lateness, nanos);
    }
  }

  /** E6: a chain of n callbacks, each scheduling the next with {@code execute}. */
  static List<Figure> callSoon(Scale scale) throws Exception {
    return hops(scale.pick(1_000_000, 10_000), loop -> loop::execute, "callbacks_per_s", "callbacks/s");
  }

  /** E2's and E6's shape: one step on a new loop, handed back to the loop n times by {@code hop}; the rate. */
  private static List<Figure> hops(int n, Function<Executor, Consumer<Runnable>> hop, String metric, String unit)
      throws Exception {
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      Hopper hopper = new Hopper(n, hop.apply(loop));
      long start = System.nanoTime();
      loop.execute(hopper);
      int hops = hopper.done.get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      check(hops == n, hops + " trips through the loop instead of " + n);
      return List.of(Measure.rate(metric, n, nanos, unit));
    }
  }

  /** E7: the seed's two tasks, sleeping 1 s and 2 s (0.1 s and 0.2 s when quick), gathered. */
  static List<Figure> seedGather(Scale scale) throws Exception {
    long unit = scale.pick(1_000, 100);
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      long start = System.nanoTime();
      CompletableFuture<String> task1 = CompletableFuture.supplyAsync(
          () -> "Task 1 completed", CompletableFuture.delayedExecutor(unit, TimeUnit.MILLISECONDS, loop));
      CompletableFuture<String> task2 = CompletableFuture.supplyAsync(
          () -> "Task 2 completed", CompletableFuture.delayedExecutor(2 * unit, TimeUnit.MILLISECONDS, loop));
      CompletableFuture.allOf(task1, task2).get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      check(task1.join().equals("Task 1 completed") && task2.join().equals("Task 2 completed"), "a task's result");
      check(nanos >= TimeUnit.MILLISECONDS.toNanos(2 * unit), "finished before the longer sleep ended");
      return List.of(Measure.wallSeconds("wall_s", nanos));
    }
  }

  /** The E3 delays: n values uniform in [0, maxNanos), from seed 42 so every run sleeps alike. */
  static long[] delays(int n, long maxNanos) {
    return new SplittableRandom(42).longs(n, 0, maxNanos).toArray();
  }

  /** E3's figures from each timer's lateness (nanoseconds past due); checks every timer fired, none early. */
  static List<Figure> timerFigures(long[] lateness, long wallNanos) {
    for (int i = 0; i < lateness.length; i++) {
      check(lateness[i] != Long.MIN_VALUE, "timer " + i + " never fired");
      check(lateness[i] >= 0, "timer " + i + " fired " + -lateness[i] + " ns early");
    }
    return List.of(
        Measure.wallSeconds("wall_s", wallNanos),
        new Figure("lateness_p50_ms", Measure.millis(Measure.percentile(lateness, 0.50)), "ms"),
        new Figure("lateness_p99_ms", Measure.millis(Measure.percentile(lateness, 0.99)), "ms"));
  }

  /** A step confined to the loop thread that hands itself back to the loop until it has done so n times. */
  private static final class Hopper implements Runnable {
    private final int n;
    private final Consumer<Runnable> hop;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int hops;

    Hopper(int n, Consumer<Runnable> hop) {
      this.n = n;
      this.hop = hop;
    }

    @Override
    public void run() {
      if (hops == n) {
        done.complete(hops);
      } else {
        hops++;
        hop.accept(this);
      }
    }
  }
}
