package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.jdk.Measure.check;
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
    int n = scale.pick(1_000_000, 10_000);
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      Yielder task = new Yielder(n, loop);
      long start = System.nanoTime();
      loop.execute(task::step);
      int switches = task.done.get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      check(switches == n, switches + " switches instead of " + n);
      return List.of(Measure.rate("switches_per_s", n, nanos, "switches/s"));
    }
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
    int n = scale.pick(1_000_000, 10_000);
    try (ExecutorService loop = Executors.newSingleThreadExecutor()) {
      Chain chain = new Chain(n, loop);
      long start = System.nanoTime();
      loop.execute(chain);
      int callbacks = chain.done.get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long nanos = System.nanoTime() - start;
      check(callbacks == n, callbacks + " callbacks instead of " + n);
      return List.of(Measure.rate("callbacks_per_s", n, nanos, "callbacks/s"));
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

  /** E2's task: loop-confined state, one yield per step. */
  private static final class Yielder {
    private final Executor loop;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int left;
    private int switches;

    Yielder(int n, Executor loop) {
      this.left = n;
      this.loop = loop;
    }

    void step() {
      if (left == 0) {
        done.complete(switches);
        return;
      }
      left--;
      switches++;
      // The loop is busy running this step, so the stage completes only after thenRun is registered.
      CompletableFuture.runAsync(NOTHING, loop).thenRun(this::step);
    }
  }

  /** E6's chain: loop-confined state, each callback schedules the next. */
  private static final class Chain implements Runnable {
    private final Executor loop;
    private final int n;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int ran;

    Chain(int n, Executor loop) {
      this.n = n;
      this.loop = loop;
    }

    @Override
    public void run() {
      if (++ran == n) {
        done.complete(ran);
      } else {
        loop.execute(this);
      }
    }
  }
}
