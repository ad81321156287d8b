package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workloads this project's {@code async-core} module runs, as the system named {@code project}: E1, E2,
 * E3, E6 and E7 of the benchmarks issue, with its sizes and metric names. Each checks its own result.
 */
public final class AsyncCoreWorkloads {

  private AsyncCoreWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("E1_spawn_gather", AsyncCoreWorkloads::spawnGather),
        Workload.of("E2_yield_switch", AsyncCoreWorkloads::yieldSwitch),
        Workload.of("E3_timers", AsyncCoreWorkloads::timers),
        Workload.of("E6_call_soon", AsyncCoreWorkloads::callSoon),
        Workload.of("E7_seed_gather", AsyncCoreWorkloads::seedGather));
  }

  /** E1: 100,000 tasks each awaiting {@code sleep(0)} once, gathered. */
  static List<Figure> spawnGather(Scale scale) {
    int n = scale.pick(100_000, 2_000);
    long start = System.nanoTime();
    List<Object> results = run(() -> {
      List<AsyncTask<Integer>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        tasks.add(createTask(() -> {
          sleep(Duration.ZERO);
          return k;
        }));
      }
      return gather(tasks, /* returnExceptions= */ false).await();
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    long sum = 0;
    for (Object r : results) {
      sum += (Integer) r;
    }
    check(results.size() == n && sum == (long) n * (n - 1) / 2, "E1: gathered results are wrong");
    return List.of(new Figure("tasks_per_s", n / seconds, "tasks/s"));
  }

  /** E2: one task, 1,000,000 {@code sleep(0)}. */
  static List<Figure> yieldSwitch(Scale scale) {
    int n = scale.pick(1_000_000, 20_000);
    long start = System.nanoTime();
    int done = run(() -> {
      int count = 0;
      for (int i = 0; i < n; i++) {
        sleep(Duration.ZERO);
        count++;
      }
      return count;
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    check(done == n, "E2: not every switch happened");
    return List.of(new Figure("switches_per_s", n / seconds, "switches/s"));
  }

  /** E3: 100,000 tasks sleeping uniform 0..0.5 s (seed 42); wall time and wake-up lateness. */
  static List<Figure> timers(Scale scale) {
    int n = scale.pick(100_000, 2_000);
    double maxSeconds = scale.pick(500, 50) / 1000.0;
    SplittableRandom random = new SplittableRandom(42);
    long[] delays = new long[n];
    for (int i = 0; i < n; i++) {
      delays[i] = (long) (random.nextDouble() * maxSeconds * 1e9);
    }
    long[] lateness = new long[n];
    long start = System.nanoTime();
    run(() -> {
      List<AsyncTask<Void>> tasks = new ArrayList<>(n);
      long base = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int k = i;
        tasks.add(createTask(() -> {
          sleep(Duration.ofNanos(delays[k]));
          lateness[k] = System.nanoTime() - (base + delays[k]);
        }));
      }
      gather(tasks, /* returnExceptions= */ false).await();
    });
    double wall = (System.nanoTime() - start) / 1e9;
    long[] sorted = lateness.clone();
    Arrays.sort(sorted);
    check(sorted[0] >= 0, "E3: a task woke up before its deadline");
    return List.of(
        new Figure("wall_s", wall, "s"),
        new Figure("lateness_p50_ms", sorted[n / 2] / 1e6, "ms"),
        new Figure("lateness_p99_ms", sorted[(int) (n * 0.99)] / 1e6, "ms"));
  }

  /** E6: a chain of 1,000,000 callbacks, each scheduling the next with {@code callSoon}. */
  static List<Figure> callSoon(Scale scale) {
    int n = scale.pick(1_000_000, 20_000);
    int[] count = {0};
    long seconds;
    try (EventLoop loop = EventLoop.create()) {
      Runnable[] step = new Runnable[1];
      step[0] = () -> {
        if (++count[0] < n) {
          loop.callSoon(step[0]);
        } else {
          loop.stop();
        }
      };
      loop.callSoon(step[0]);
      long start = System.nanoTime();
      loop.runForever();
      seconds = System.nanoTime() - start;
    }
    check(count[0] == n, "E6: the chain was cut short");
    return List.of(new Figure("callbacks_per_s", n / (seconds / 1e9), "callbacks/s"));
  }

  /** E7: the seed's two tasks of 1 s and 2 s, gathered; the ideal wall time is 2.000 s. */
  static List<Figure> seedGather(Scale scale) {
    long unit = scale.pick(1000, 100);
    List<String> log = new ArrayList<>();
    long start = System.nanoTime();
    run(() -> gather(
        () -> {
          log.add("Task 1 started");
          sleep(Duration.ofMillis(unit));
          log.add("Task 1 completed");
        },
        () -> {
          log.add("Task 2 started");
          sleep(Duration.ofMillis(2 * unit));
          log.add("Task 2 completed");
        }).await());
    double wall = (System.nanoTime() - start) / 1e9;
    check(log.equals(List.of("Task 1 started", "Task 2 started", "Task 1 completed", "Task 2 completed")),
        "E7: wrong order " + log);
    return List.of(new Figure("wall_s", wall, "s"));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
