package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.jdk.Measure.check;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
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
   * future each); 200 tasks of about 5 ms CPU. Efficiency is the ideal wall time (200 x one task's serial time /
   * 2 workers) over the measured one.
   */
  static List<Figure> poolMap(Scale scale) throws Exception {
    int tiny = scale.pick(100_000, 2_000);
    int burns = scale.pick(200, 20);
    long iterations = Burn.iterationsFor(TimeUnit.MILLISECONDS.toNanos(5));
    long serial = serialNanos(iterations);
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

      long expected = Burn.sum(0, iterations);
      start = System.nanoTime();
      List<Future<Long>> burned = new ArrayList<>(burns);
      for (int i = 0; i < burns; i++) {
        burned.add(pool.submit(() -> Burn.sum(0, iterations)));
      }
      for (Future<Long> burn : burned) {
        check(burn.get(Measure.PATIENCE.toNanos(), NANOSECONDS) == expected, "a CPU task's sum");
      }
      long burnNanos = System.nanoTime() - start;
      double ideal = (double) serial * burns / WORKERS;
      return List.of(
          new Figure("pool_start_ms", Measure.millis(poolStart), "ms"),
          Measure.rate("tiny_tasks_per_s", tiny, tinyNanos, "tasks/s"),
          Measure.wallSeconds("burn_wall_s", burnNanos),
          new Figure("burn_efficiency", ideal / burnNanos, "ratio"));
    } finally {
      Measure.shutdown(pool);
    }
  }

  /** One CPU task's time on the calling thread: the median of 11 runs. */
  static long serialNanos(long iterations) {
    long[] runs = new long[11];
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      check(Burn.sum(0, iterations) >= 0, "a sum of non-negative terms");
      runs[i] = System.nanoTime() - start;
    }
    return Measure.percentile(runs, 0.5);
  }
}
