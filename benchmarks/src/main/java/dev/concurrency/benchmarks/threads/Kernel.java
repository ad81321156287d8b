package dev.concurrency.benchmarks.threads;

/**
 * The integer kernel of {@code T2_cpu_parallel}: a sum of {@code (i ^ (i >>> 7)) & 0xFF} over a range of {@code
 * i}, one iteration per "integer operation". It is the kernel every system of the benchmark runs (the JDK
 * baselines and the Python peers compute the same sum), so that figures line up; the sum of two halves equals
 * the sum of the whole, which is how a parallel run checks itself. Stateless.
 */
final class Kernel {

  private Kernel() {}

  /** The sum over {@code from <= i < to}. */
  static long sum(long from, long to) {
    long sum = 0;
    for (long i = from; i < to; i++) {
      sum += (i ^ (i >>> 7)) & 0xFF;
    }
    return sum;
  }
}
