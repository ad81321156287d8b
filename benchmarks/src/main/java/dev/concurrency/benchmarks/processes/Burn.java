package dev.concurrency.benchmarks.processes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU work of {@code P3}: the chain the Python peers compute ({@code x = (x * 31 + i) & 0xFFFFFFFF}), each
 * step needing the last, so no compiler can skip or vectorize it.
 */
final class Burn {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Burn() {}

  static long chain(long start, long stop) {
    long x = start;
    for (long i = start; i < stop; i++) {
      x = (x * 31 + i) & 0xFFFFFFFFL;
    }
    return x;
  }

  /** One task: the chain's result and the CPU nanoseconds it took on the thread that ran it. */
  static long[] task(long iterations) {
    long start = THREADS.getCurrentThreadCpuTime();
    long result = chain(0, iterations);
    return new long[] {result, THREADS.getCurrentThreadCpuTime() - start};
  }

  /** How many iterations take about {@code target} of CPU here, measured in this thread's CPU time. */
  static long iterationsFor(Duration target) {
    long iterations = 100_000;
    while (true) {
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        best = Math.min(best, task(iterations)[1]);
      }
      if (best >= target.toNanos()) {
        return Math.max(1, iterations * target.toNanos() / best);
      }
      iterations *= 2;
    }
  }
}
