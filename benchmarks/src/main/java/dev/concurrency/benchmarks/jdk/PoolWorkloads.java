package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.concurrency.benchmarks.workload.Burn;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code P3_pool_map} on a {@link ThreadPoolExecutor} of 2 threads, the JDK's pool: the thread-pool counterpart of
 * Python's {@code Pool(2).map}. System {@code jdk-tpe}.
 */
public final class PoolWorkloads {

  private static final int WORKERS = 2;

  private PoolWorkloads() {}

  /** P3. */
  public static List<Workload> all() {
    return List.of(Workload.of("P3_pool_map", PoolWorkloads::poolMap));
  }

  /**
   * P3: the pool's start (built, threads started, one task round trip); 100,000 tiny tasks ({@code x * x}, one
   * future each); 200 tasks of about 5 ms CPU. Efficiency is the CPU time the tasks took (each measures its own
   * thread's) over the 2 workers' wall time: 1.0 when both computed all the time, less for the pool's overhead or
   * for other processes taking the cores.
   */
  static List<Figure> poolMap(Scale scale) throws Exception {
    int tiny = scale.pick(100_000, 2_000);
    int burns = scale.pick(200, 20);
    long iterations = Burn.iterationsFor(Duration.ofMillis(5));
    long start = System.nanoTime();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      pool.prestartAllCoreThreads();
      pool.submit(() -> {}).get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      long poolStart = System.nanoTime() - start;

      start = System.nanoTime();
      List<Future<Long>> squares = new ArrayList<>(tiny);
      for (long x = 0; x < tiny; x++) {
        long value = x;
        squares.add(pool.submit(() -> value * value));
      }
      long sum = 0;
      for (Future<Long> square : squares) {
        sum += square.get(Measure.PATIENCE.toNanos(), NANOSECONDS);
      }
      long tinyNanos = System.nanoTime() - start;
      long n = tiny;
      check(sum == (n - 1) * n * (2 * n - 1) / 6, "the squares sum to " + sum);

      long expected = Burn.chain(0, iterations);
      start = System.nanoTime();
      List<Future<Burned>> burned = new ArrayList<>(burns);
      for (int i = 0; i < burns; i++) {
        burned.add(pool.submit(() -> cpuTimed(iterations)));
      }
      long cpu = 0;
      for (Future<Burned> burn : burned) {
        Burned done = burn.get(Measure.PATIENCE.toNanos(), NANOSECONDS);
        check(done.value() == expected, "a CPU task's result");
        cpu += done.cpuNanos();
      }
      long burnNanos = System.nanoTime() - start;
      return List.of(
          new Figure("pool_start_ms", Measure.millis(poolStart), "ms"),
          Measure.rate("tiny_tasks_per_s", tiny, tinyNanos, "tasks/s"),
          Measure.wallSeconds("burn_wall_s", burnNanos),
          new Figure("burn_efficiency", (double) cpu / ((long) WORKERS * burnNanos), "ratio"));
    } finally {
      Measure.shutdown(pool);
    }
  }

  /** What one CPU task returns: its result and the CPU time its thread spent on it. */
  record Burned(long value, long cpuNanos) {}

  /** One CPU task, timing its own thread's CPU. */
  static Burned cpuTimed(long iterations) {
    long start = Burn.threadCpuNanos();
    long value = Burn.chain(0, iterations);
    return new Burned(value, Burn.threadCpuNanos() - start);
  }
}
