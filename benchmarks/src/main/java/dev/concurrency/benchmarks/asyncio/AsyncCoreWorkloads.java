package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.Coroutine;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.TaskFactory;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The workloads this project's {@code async-core} module runs, as the system named {@code project}: E1, E2,
 * E3, E6 and E7 of the benchmarks issue, with its sizes and metric names. Each checks its own result. As the
 * Python peers do, each times its body inside the running loop, so loop creation (Python's {@code import} and
 * {@code new_event_loop}, the JVM's class loading) is not counted.
 */
public final class AsyncCoreWorkloads {

  private AsyncCoreWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("E1_spawn_gather", AsyncCoreWorkloads::spawnGather),
        Workload.of("E2_yield_switch", AsyncCoreWorkloads::yieldSwitch),
        Workload.of("E3_timers", AsyncCoreWorkloads::timers),
        AsyncPrimitivesWorkloads.E4_QUEUE, AsyncPrimitivesWorkloads.E5_LOCK, // issue 4: queue and lock
        Workload.of("E6_call_soon", AsyncCoreWorkloads::callSoon),
        Workload.of("E7_seed_gather", AsyncCoreWorkloads::seedGather),
        StreamsWorkloads.E8_ECHO, // issue 4: TCP streams
        Workload.of("E9_spawn_no_suspend", AsyncCoreWorkloads::spawnNoSuspend));
  }

  /** The system property that makes E1 and E9 run on the eager task factory (the {@code project-eager} system). */
  public static final String EAGER_PROPERTY = "dev.concurrency.benchmarks.eager";

  /** The workloads a task factory changes, for {@code project-eager}: E1 and E9. */
  public static List<Workload> spawning() {
    return all().stream()
        .filter(w -> w.name().equals("E1_spawn_gather") || w.name().equals("E9_spawn_no_suspend"))
        .toList();
  }

  /** With {@link #EAGER_PROPERTY} set, installs the eager task factory on the running loop. */
  private static void maybeEager() {
    if (Boolean.getBoolean(EAGER_PROPERTY)) {
      getRunningLoop().setTaskFactory(TaskFactory.eager());
    }
  }

  /**
   * E9: 100,000 tasks that finish without suspending (each returns its index at once), gathered; timed inside the
   * running loop. With the eager task factory each is done when {@code createTask} returns.
   */
  static List<Figure> spawnNoSuspend(Scale scale) {
    return spawnAndGather("E9", scale.pick(100_000, 2_000), k -> () -> k);
  }

  /** E1: 100,000 tasks each awaiting {@code sleep(0)} once, gathered; timed inside the running loop. */
  static List<Figure> spawnGather(Scale scale) {
    return spawnAndGather("E1", scale.pick(100_000, 2_000), k -> () -> {
      sleep(Duration.ZERO);
      return k;
    });
  }

  /**
   * Spawns {@code n} tasks, task {@code k} running {@code body.apply(k)} (which returns {@code k}), and gathers
   * them, on the eager factory if {@link #EAGER_PROPERTY} says so; checks the results and returns the rate.
   */
  private static List<Figure> spawnAndGather(String workload, int n, IntFunction<Coroutine<Integer>> body) {
    double seconds = run(() -> {
      maybeEager();
      long start = System.nanoTime();
      List<AsyncTask<Integer>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tasks.add(createTask(body.apply(i)));
      }
      List<Object> results = gather(tasks, /* returnExceptions= */ false).await();
      double took = (System.nanoTime() - start) / 1e9;
      long sum = 0;
      for (Object r : results) {
        sum += (Integer) r;
      }
      check(results.size() == n && sum == (long) n * (n - 1) / 2, workload + ": gathered results are wrong");
      return took;
    });
    return List.of(new Figure("tasks_per_s", n / seconds, "tasks/s"));
  }

  /** E2: one task, 1,000,000 {@code sleep(0)}; timed inside the running loop. */
  static List<Figure> yieldSwitch(Scale scale) {
    int n = scale.pick(1_000_000, 20_000);
    double seconds = run(() -> {
      long start = System.nanoTime();
      int count = 0;
      for (int i = 0; i < n; i++) {
        sleep(Duration.ZERO);
        count++;
      }
      check(count == n, "E2: not every switch happened");
      return (System.nanoTime() - start) / 1e9;
    });
    return List.of(new Figure("switches_per_s", n / seconds, "switches/s"));
  }

  /**
   * E3: 100,000 tasks sleeping uniform 0..0.5 s (seed 42); wall time inside the loop, and how late each task
   * woke after the deadline it computed when it began to sleep (as the Python peer measures).
   */
  static List<Figure> timers(Scale scale) {
    int n = scale.pick(100_000, 2_000);
    double longest = scale.pick(500, 100) / 1000.0;
    SplittableRandom random = new SplittableRandom(42);
    long[] delays = new long[n];
    for (int i = 0; i < n; i++) {
      delays[i] = (long) (random.nextDouble() * longest * 1e9);
    }
    long[] lateness = new long[n];
    double wall = run(() -> {
      long start = System.nanoTime();
      List<AsyncTask<Void>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        tasks.add(createTask(() -> {
          long due = System.nanoTime() + delays[k];
          sleep(Duration.ofNanos(delays[k]));
          lateness[k] = System.nanoTime() - due;
        }));
      }
      gather(tasks, /* returnExceptions= */ false).await();
      return (System.nanoTime() - start) / 1e9;
    });
    long[] sorted = lateness.clone();
    Arrays.sort(sorted);
    check(sorted[0] >= 0, "E3: a task woke up before its deadline");
    return List.of(
        new Figure("wall_s", wall, "s"),
        new Figure("lateness_p50_ms", sorted[n / 2] / 1e6, "ms"),
        new Figure("lateness_p99_ms", sorted[(int) (n * 0.99)] / 1e6, "ms"));
  }

  /** E6: a chain of 1,000,000 callbacks, each scheduling the next with {@code callSoon}; timed in the loop. */
  static List<Figure> callSoon(Scale scale) {
    int n = scale.pick(1_000_000, 20_000);
    double seconds = run(() -> {
      EventLoop loop = getRunningLoop();
      AsyncFuture<Integer> done = loop.createFuture();
      int[] ran = {0};
      Runnable[] callback = new Runnable[1];
      callback[0] = () -> {
        if (++ran[0] == n) {
          done.setResult(ran[0]);
        } else {
          loop.callSoon(callback[0]);
        }
      };
      long start = System.nanoTime();
      loop.callSoon(callback[0]);
      int count = done.await();
      double took = (System.nanoTime() - start) / 1e9;
      check(count == n, "E6: the chain was cut short");
      return took;
    });
    return List.of(new Figure("callbacks_per_s", n / seconds, "callbacks/s"));
  }

  /** E7: the seed's two tasks of 1 s and 2 s, gathered; timed inside the loop; the ideal is 2.000 s. */
  static List<Figure> seedGather(Scale scale) {
    long unit = scale.pick(1000, 100);
    double wall = run(() -> {
      long start = System.nanoTime();
      List<Object> results = gather(
          () -> {
            sleep(Duration.ofMillis(unit));
            return "Task 1 completed";
          },
          () -> {
            sleep(Duration.ofMillis(2 * unit));
            return "Task 2 completed";
          }).await();
      double took = (System.nanoTime() - start) / 1e9;
      check(results.equals(List.of("Task 1 completed", "Task 2 completed")), "E7: results " + results);
      check(took >= 2 * unit / 1000.0, "E7: finished before the longer sleep ended");
      return took;
    });
    return List.of(new Figure("wall_s", wall, "s"));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
