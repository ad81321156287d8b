package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.jdk.Measure.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;

/** The thread workloads on plain platform threads ({@link Thread#ofPlatform()}). System {@code jdk-threads}. */
public final class PlatformThreadWorkloads {

  private PlatformThreadWorkloads() {}

  /** T2 and T3. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("T2_cpu_parallel", PlatformThreadWorkloads::cpuParallel),
        Workload.of("T3_thread_start_join", scale -> StartJoin.run(Thread.ofPlatform(), scale)));
  }

  /**
   * T2: 50,000,000 iterations of {@link Burn} on one thread, then split over two; the speedup is their ratio
   * (2.0 is the limit on two cores). The loop is compiled first, so neither run pays for the JIT.
   */
  static List<Figure> cpuParallel(Scale scale) throws InterruptedException {
    long n = scale.pick(50_000_000, 2_000_000);
    Burn.sum(0, 1_000_000);
    long[] sums = new long[3];
    long start = System.nanoTime();
    Measure.joinAll(Thread.ofPlatform().start(() -> sums[0] = Burn.sum(0, n)));
    long t1 = System.nanoTime() - start;
    start = System.nanoTime();
    Measure.joinAll(
        Thread.ofPlatform().start(() -> sums[1] = Burn.sum(0, n / 2)),
        Thread.ofPlatform().start(() -> sums[2] = Burn.sum(n / 2, n)));
    long t2 = System.nanoTime() - start;
    check(sums[0] > 0 && sums[0] == sums[1] + sums[2],
        "one thread summed " + sums[0] + ", two threads " + sums[1] + " + " + sums[2]);
    return List.of(
        Measure.wallSeconds("t1_s", t1),
        Measure.wallSeconds("t2_s", t2),
        new Figure("speedup", (double) t1 / t2, "x"));
  }
}
