package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Figure;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Small helpers every baseline uses: rates, percentiles. Stateless. */
final class Measure {

  /** The longest any one baseline waits for its own threads before calling itself broken. */
  static final Duration PATIENCE = Duration.ofSeconds(120);

  private Measure() {}

  /** A rate figure: {@code count} things in {@code nanos}. */
  static Figure rate(String metric, long count, long nanos, String unit) {
    return new Figure(metric, count / seconds(nanos), unit);
  }

  /** A time figure in seconds. */
  static Figure wallSeconds(String metric, long nanos) {
    return new Figure(metric, seconds(nanos), "s");
  }

  /** Nanoseconds as seconds. */
  static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }

  /** Nanoseconds as milliseconds. */
  static double millis(long nanos) {
    return nanos / 1e6;
  }

  /**
   * The nearest-rank percentile of the values, which this sorts in place.
   *
   * @param fraction 0.5 for the median, 0.99 for p99
   * @throws IllegalArgumentException if there are no values or the fraction is not in (0, 1]
   */
  static long percentile(long[] values, double fraction) {
    if (values.length == 0 || !(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("need values and a fraction in (0, 1], got " + values.length
          + " values and " + fraction);
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(fraction * values.length);
    return values[rank - 1];
  }

  /** Shuts the executor down and waits for its threads, failing if they do not stop within {@link #PATIENCE}. */
  static void shutdown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    check(executor.awaitTermination(PATIENCE.toNanos(), TimeUnit.NANOSECONDS), executor + " did not stop");
  }

  /** Joins every thread, waiting at most {@link #PATIENCE} in all, and fails if one is still alive. */
  static void joinAll(Thread... threads) throws InterruptedException {
    joinAll(threads, PATIENCE);
  }

  /** Joins the thread, waiting at most {@code patience}, and fails if it is still alive. */
  static void joinAll(Thread thread, Duration patience) throws InterruptedException {
    joinAll(new Thread[] {thread}, patience);
  }

  private static void joinAll(Thread[] threads, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        throw new IllegalStateException(thread + " did not finish within " + patience + ": the workload hangs");
      }
    }
  }
}
