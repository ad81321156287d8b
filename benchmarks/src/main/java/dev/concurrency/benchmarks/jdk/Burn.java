package dev.concurrency.benchmarks.jdk;

/**
 * The CPU work of the parallel workloads: a chain {@code x = (x * 31 + i) & 0xFFFFFFFF} over a range of
 * {@code i}, starting from {@code x = from}. One step is one "integer operation" of {@code T2_cpu_parallel}; each
 * step needs the one before, so the JIT cannot vectorize or skip it, and the Python peers compute the very same
 * values, so the checks agree across systems.
 */
final class Burn {

  private Burn() {}

  /** The chain over {@code from <= i < to}. */
  static long chain(long from, long to) {
    long x = from;
    for (long i = from; i < to; i++) {
      x = (x * 31 + i) & 0xFFFF_FFFFL;
    }
    return x;
  }

  /**
   * How many iterations take about {@code nanos} on one core here: the fastest of three tries per size (other
   * processes only ever slow a try down), measured after the loop is compiled.
   */
  static long iterationsFor(long nanos) {
    chain(0, 1_000_000); // compile the loop before timing it
    for (long iterations = 10_000; ; iterations *= 2) {
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        long sink = chain(0, iterations);
        fastest = Math.min(fastest, System.nanoTime() - start);
        if (sink < 0) {
          throw new AssertionError("a masked value came out negative");
        }
      }
      if (fastest >= nanos || iterations > Long.MAX_VALUE / 4) {
        return Math.max(1, iterations * nanos / Math.max(fastest, 1));
      }
    }
  }
}
