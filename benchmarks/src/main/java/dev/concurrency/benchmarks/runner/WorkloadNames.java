package dev.concurrency.benchmarks.runner;

import com.google.common.collect.ImmutableList;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The workloads of the benchmarks issue, in the order they run and are reported. Each system implements a subset;
 * a workload name that is not here still runs, after these, in alphabetical order. Stateless and thread-safe.
 */
public final class WorkloadNames {

  /** The named workloads, async first, then threads, processes and locks. */
  public static final List<String> ALL =
      ImmutableList.of(
          "E1_spawn_gather",
          "E2_yield_switch",
          "E3_timers",
          "E4_queue",
          "E5_lock",
          "E6_call_soon",
          "E7_seed_gather",
          "E8_echo",
          "T2_cpu_parallel",
          "T3_thread_start_join",
          "P1_seed_process",
          "P2_spawn_latency",
          "P3_pool_map",
          "S1_mutex",
          "S2_semaphore");

  /**
   * The workloads measured cold, on their first run in a fresh process: what they measure is start-up (of the
   * seed's sample, of child processes). Every other workload first runs unmeasured to warm up (JIT compilation,
   * allocator and thread-stack growth; see {@link #WARM_UP}) and is measured on the next run in the same
   * process, by every system alike, the Python peers included.
   */
  public static final List<String> COLD = ImmutableList.of("E7_seed_gather", "P1_seed_process", "P2_spawn_latency");

  /**
   * How long a workload warms up at full scale: unmeasured runs repeat until this much time has passed (at least
   * one run, at most {@link #MAX_WARM_UP_RUNS}); {@code peer.py} does the same. One run was not enough for the
   * short workloads: E5 (0.1-0.2 s a run) was measured while C2 was still compiling the task-switch path, at
   * 0.5-0.8M acquisitions/s against 1.2-2.1M once compiled (2026-11-24, 2 shared cores); on this machine that
   * takes about 2 s. At quick scale one warm-up run is enough: a smoke test measures nothing.
   */
  public static final Duration WARM_UP = Duration.ofSeconds(2);

  /** The most warm-up runs, so that a workload of a few milliseconds does not spin for the whole warm-up. */
  public static final int MAX_WARM_UP_RUNS = 20;

  private WorkloadNames() {}

  /** Whether {@code workload} runs unmeasured before the measured run (see {@link #COLD}). */
  public static boolean warmsUp(String workload) {
    return !COLD.contains(workload);
  }

  /**
   * Warms {@code workload} up at {@code scale}, as {@link #WARM_UP} says: its figures are dropped, its checks
   * still apply. Does nothing for a {@link #COLD} workload.
   *
   * @throws Exception what the workload throws, its check's failure included
   */
  public static void warmUp(Workload workload, Scale scale) throws Exception {
    if (!warmsUp(workload.name())) {
      return;
    }
    long deadline = System.nanoTime() + (scale == Scale.FULL ? WARM_UP.toNanos() : 0);
    int runs = 0;
    do {
      workload.run(scale);
      runs++;
    } while (runs < MAX_WARM_UP_RUNS && System.nanoTime() - deadline < 0);
  }

  /** The given names in report order: the first, then any others alphabetically. */
  public static List<String> ordered(Collection<String> names) {
    List<String> ordered = new ArrayList<>();
    for (String known : ALL) {
      if (names.contains(known)) {
        ordered.add(known);
      }
    }
    names.stream().filter(name -> !ALL.contains(name)).distinct().sorted().forEach(ordered::add);
    return ordered;
  }
}
