package dev.concurrency.benchmarks.threads;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.threads.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code T4_pool_throughput}: 100,000 tiny tasks ({@code x * x}, one future each) submitted to a pool of 2
 * workers and collected, on this project's {@link ThreadPool} and on a {@link ThreadPoolExecutor} of the same
 * shape, alternately in one process so that both see the same machine load; best of 9 rounds each.
 *
 * <p>Figures: {@code tiny_tasks_per_s} (ThreadPool), {@code tpe_tiny_tasks_per_s} (ThreadPoolExecutor) and
 * {@code pool_vs_tpe}, their ratio (1.0 is parity; the goal is at least 0.9).
 */
final class PoolThroughput {

  private static final int WORKERS = 2;
  private static final int ROUNDS = 9;

  private PoolThroughput() {}

  static List<Figure> run(Scale scale) throws Exception {
    int tasks = scale.pick(100_000, 2_000);
    Supplier<ExecutorService> project = () -> ThreadPool.builder().workers(WORKERS).name("t4").build();
    Supplier<ExecutorService> tpe = () -> {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      executor.prestartAllCoreThreads();
      return executor;
    };
    once(project, tasks); // warm-up: compile both paths before timing either
    once(tpe, tasks);
    long bestProject = Long.MAX_VALUE;
    long bestTpe = Long.MAX_VALUE;
    for (int i = 0; i < ROUNDS; i++) {
      bestProject = Math.min(bestProject, once(project, tasks));
      bestTpe = Math.min(bestTpe, once(tpe, tasks));
    }
    double projectRate = tasks * 1e9 / bestProject;
    double tpeRate = tasks * 1e9 / bestTpe;
    return List.of(
        new Figure("tiny_tasks_per_s", projectRate, "tasks/s"),
        new Figure("tpe_tiny_tasks_per_s", tpeRate, "tasks/s"),
        new Figure("pool_vs_tpe", projectRate / tpeRate, "ratio"));
  }

  /** Submits {@code tasks} squares to a fresh pool, checks their sum, shuts down; returns the nanos. */
  static long once(Supplier<ExecutorService> make, int tasks) throws Exception {
    ExecutorService pool = make.get();
    try {
      long start = System.nanoTime();
      List<Future<Long>> squares = new ArrayList<>(tasks);
      for (long x = 0; x < tasks; x++) {
        long value = x;
        squares.add(pool.submit(() -> value * value));
      }
      long sum = 0;
      for (Future<Long> square : squares) {
        sum += square.get(ThreadWorkloads.PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
      }
      long nanos = System.nanoTime() - start;
      long n = tasks;
      check(sum == (n - 1) * n * (2 * n - 1) / 6, "the squares sum to " + sum);
      return nanos;
    } finally {
      pool.shutdown();
      check(pool.awaitTermination(ThreadWorkloads.PATIENCE.toNanos(), TimeUnit.NANOSECONDS), "the pool did not stop");
    }
  }
}
