package dev.concurrency.benchmarks.workload;

import static dev.concurrency.benchmarks.workload.Workload.check;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU work of the parallel workloads ({@code T2_cpu_parallel} on the JDK, {@code P3_pool_map}): a chain
 * {@code x = (x * 31 + i) & 0xFFFFFFFF} over a range of {@code i}, starting from {@code x = from}. Each step
 * needs the one before, so the JIT cannot vectorize or skip it, and the Python peers compute the very same
 * values, so the checks agree across systems. Stateless and thread-safe.
 */
public final class Burn {

  /**
   * Looked up once: {@link ManagementFactory#getThreadMXBean} searches the platform's bean providers with a
   * stream on every call, which a fresh pool worker ran interpreted twice per task, inside and around the timing.
   */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Burn() {}

  /** The chain over {@code from <= i < to}. */
  public static long chain(long from, long to) {
    long x = from;
    for (long i = from; i < to; i++) {
      x = (x * 31 + i) & 0xFFFF_FFFFL;
    }
    return x;
  }

  /**
   * One task of {@code iterations} steps, as a child process or pool worker runs it: {@code {result, cpuNanos}},
   * the chain's value and the CPU time it took on the thread that ran it.
   */
  public static long[] task(long iterations) {
    long start = threadCpuNanos();
    long result = chain(0, iterations);
    return new long[] {result, threadCpuNanos() - start};
  }

  /**
   * How many iterations take about {@code target} of CPU on one core here: the least of three tries per size,
   * measured in this thread's CPU time (so other processes on the machine do not shorten the tasks), after the
   * loop is compiled.
   *
   * @throws IllegalArgumentException if {@code target} is not positive
   */
  public static long iterationsFor(Duration target) {
    long nanos = target.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("target must be positive, got " + target);
    }
    chain(0, 1_000_000); // compile the loop before timing it
    for (long iterations = 10_000; ; iterations *= 2) {
      long least = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long[] run = task(iterations);
        check(run[0] >= 0, "a masked value came out negative");
        least = Math.min(least, run[1]);
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
  public static long threadCpuNanos() {
    check(THREADS.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure a thread's CPU time");
    return THREADS.getCurrentThreadCpuTime();
  }
}
