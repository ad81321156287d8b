package dev.concurrency.benchmarks.jdk;

/**
 * The CPU work of the parallel workloads: a sum of {@code (i ^ (i >>> 7)) & 0xFF} over a range of {@code i}. One
 * iteration is one "integer operation" of {@code T2_cpu_parallel}; the Python peers compute the same sum, so the
 * checks agree across systems. The sum of two halves equals the sum of the whole, which is how the parallel runs
 * check themselves.
 */
final class Burn {

  private Burn() {}

  /** The sum over {@code from <= i < to}. */
  static long sum(long from, long to) {
    long sum = 0;
    for (long i = from; i < to; i++) {
      sum += (i ^ (i >>> 7)) & 0xFF;
    }
    return sum;
  }

  /**
   * How many iterations take about {@code nanos} on one core here: the fastest of three tries per size (other
   * processes only ever slow a try down), measured after the loop is compiled.
   */
  static long iterationsFor(long nanos) {
    sum(0, 1_000_000); // compile the loop before timing it
    for (long iterations = 10_000; ; iterations *= 2) {
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        long sink = sum(0, iterations);
        fastest = Math.min(fastest, System.nanoTime() - start);
        if (sink < 0) {
          throw new AssertionError("a sum of non-negative terms came out negative");
        }
      }
      if (fastest >= nanos || iterations > Long.MAX_VALUE / 4) {
        return Math.max(1, iterations * nanos / Math.max(fastest, 1));
      }
    }
  }
}
