package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Burn;
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
   * T2: 50,000,000 steps of {@link Burn} as two chains of half the length, both on one thread, then one on each
   * of two threads; the speedup is their ratio (2.0 is the limit on two cores). The loop is compiled first, so
   * neither run pays for the JIT. Compiled, the steps take some 50 ms, short enough for one scheduling hiccup on
   * a shared machine to decide the ratio, so this runs five rounds and keeps the fastest time of each kind.
   */
  static List<Figure> cpuParallel(Scale scale) throws InterruptedException {
    long n = scale.pick(50_000_000, 2_000_000);
    Burn.chain(0, 1_000_000);
    long t1 = Long.MAX_VALUE;
    long t2 = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long[] chains = new long[4];
      long start = System.nanoTime();
      Measure.joinAll(Thread.ofPlatform().start(() -> {
        chains[0] = Burn.chain(0, n / 2);
        chains[1] = Burn.chain(n / 2, n);
      }));
      t1 = Math.min(t1, System.nanoTime() - start);
      start = System.nanoTime();
      Measure.joinAll(
          Thread.ofPlatform().start(() -> chains[2] = Burn.chain(0, n / 2)),
          Thread.ofPlatform().start(() -> chains[3] = Burn.chain(n / 2, n)));
      t2 = Math.min(t2, System.nanoTime() - start);
      check(chains[0] == chains[2] && chains[1] == chains[3],
          "one thread computed " + chains[0] + ", " + chains[1] + "; two threads " + chains[2] + ", " + chains[3]);
    }
    return List.of(
        Measure.wallSeconds("t1_s", t1),
        Measure.wallSeconds("t2_s", t2),
        new Figure("speedup", (double) t1 / t2, "x"));
  }
}
