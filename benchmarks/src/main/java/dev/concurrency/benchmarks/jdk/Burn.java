package dev.concurrency.benchmarks.jdk;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

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
   * How many iterations take about {@code nanos} of CPU on one core here: the least of three tries per size,
   * measured in this thread's CPU time (so other processes on the machine do not shorten the tasks), after the
   * loop is compiled.
   */
  static long iterationsFor(long nanos) {
    chain(0, 1_000_000); // compile the loop before timing it
    for (long iterations = 10_000; ; iterations *= 2) {
      long least = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = threadCpuNanos();
        long sink = chain(0, iterations);
        least = Math.min(least, threadCpuNanos() - start);
        Measure.check(sink >= 0, "a masked value came out negative");
      }
      if (least >= nanos || iterations > Long.MAX_VALUE / 4) {
        return Math.max(1, iterations * nanos / Math.max(least, 1));
      }
    }
  }

  /**
   * The CPU time the calling thread has used, in nanoseconds.
   *
   * @throws IllegalStateException if this JVM cannot measure it
   */
  static long threadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Measure.check(threads.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure a thread's CPU time");
    return threads.getCurrentThreadCpuTime();
  }
}
