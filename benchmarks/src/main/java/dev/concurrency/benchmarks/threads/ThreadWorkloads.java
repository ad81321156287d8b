package dev.concurrency.benchmarks.threads;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Burn;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import dev.concurrency.threads.ThreadHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The workloads this project's {@code thread-concurrency} module runs, as the system named {@code project}:
 *
 * <ul>
 *   <li>{@code T2_cpu_parallel}: 50,000,000 steps of the shared CPU chain ({@link Burn}) on one {@link
 *       ThreadHandle}, then split over two ({@code t1_s}, {@code t2_s}, {@code speedup});
 *   <li>{@code T3_thread_start_join}: 10,000 platform {@link ThreadHandle}s started and joined one at a time,
 *       then all at once ({@code sequential_threads_per_s}, {@code all_at_once_threads_per_s}), the counterpart
 *       of CPython's OS threads; {@code T3_thread_start_join_virtual} is the same on virtual threads;
 *   <li>{@code T4_pool_throughput}: see {@link PoolThroughput}.
 * </ul>
 */
public final class ThreadWorkloads {

  /** How long a workload waits for one of its threads before calling itself broken. */
  static final Duration PATIENCE = Duration.ofSeconds(120);

  /** Rounds of T2; the best of each kind is reported. */
  static final int T2_ROUNDS = 5;

  private ThreadWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("T2_cpu_parallel", ThreadWorkloads::cpuParallel),
        Workload.of("T3_thread_start_join", scale -> startJoin(scale, r -> ThreadHandle.platform("t3", r))),
        Workload.of("T3_thread_start_join_virtual", scale -> startJoin(scale, r -> ThreadHandle.virtual("t3v", r))),
        Workload.of("T4_pool_throughput", PoolThroughput::run));
  }

  /**
   * T2: 50,000,000 steps of {@link Burn} as two chains of half the length, both on one {@link ThreadHandle},
   * then one on each of two; the speedup is their ratio (2.0 is the limit on two cores). The same work, rounds
   * and checks as the {@code jdk-threads} baseline, so the ratio between the two measures the handles alone.
   * The loop is compiled first; the fastest of {@value #T2_ROUNDS} rounds of each kind is kept, because load from
   * other processes only ever slows a run down.
   */
  static List<Figure> cpuParallel(Scale scale) throws Exception {
    long n = scale.pick(50_000_000, 2_000_000);
    Burn.chain(0, 1_000_000);
    long t1 = Long.MAX_VALUE;
    long t2 = Long.MAX_VALUE;
    for (int round = 0; round < T2_ROUNDS; round++) {
      long[] chains = new long[4];
      long start = System.nanoTime();
      joinAll(List.of(ThreadHandle.platform("t2-both", () -> {
        chains[0] = Burn.chain(0, n / 2);
        chains[1] = Burn.chain(n / 2, n);
      }).start()));
      t1 = Math.min(t1, System.nanoTime() - start);
      start = System.nanoTime();
      joinAll(
          List.of(
              ThreadHandle.platform("t2-low", () -> chains[2] = Burn.chain(0, n / 2)).start(),
              ThreadHandle.platform("t2-high", () -> chains[3] = Burn.chain(n / 2, n)).start()));
      t2 = Math.min(t2, System.nanoTime() - start);
      check(chains[0] == chains[2] && chains[1] == chains[3],
          "one thread computed " + chains[0] + ", " + chains[1] + "; two threads " + chains[2] + ", " + chains[3]);
    }
    return List.of(
        new Figure("t1_s", t1 / 1e9, "s"),
        new Figure("t2_s", t2 / 1e9, "s"),
        new Figure("speedup", (double) t1 / t2, "x"));
  }

  /** T3 with handles from {@code make}: n started and joined one by one, then n started together and joined. */
  static List<Figure> startJoin(Scale scale, Function<Runnable, ThreadHandle> make) throws Exception {
    int n = scale.pick(10_000, 500);
    AtomicInteger ran = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      joinAll(List.of(make.apply(ran::incrementAndGet).start()));
    }
    long sequential = System.nanoTime() - start;
    check(ran.get() == n, ran.get() + " of " + n + " threads ran one at a time");

    ran.set(0);
    List<ThreadHandle> handles = new ArrayList<>(n);
    start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      handles.add(make.apply(ran::incrementAndGet).start());
    }
    joinAll(handles);
    long allAtOnce = System.nanoTime() - start;
    check(ran.get() == n, ran.get() + " of " + n + " threads ran all at once");
    return List.of(
        new Figure("sequential_threads_per_s", n * 1e9 / sequential, "threads/s"),
        new Figure("all_at_once_threads_per_s", n * 1e9 / allAtOnce, "threads/s"));
  }

  /** Joins every handle within {@link #PATIENCE} and rethrows a failure; the join publishes their results. */
  static void joinAll(List<ThreadHandle> handles) throws Exception {
    for (ThreadHandle h : handles) {
      check(h.join(PATIENCE), "thread " + h.name() + " did not end within " + PATIENCE);
      h.joinOrThrow();
    }
  }

}
