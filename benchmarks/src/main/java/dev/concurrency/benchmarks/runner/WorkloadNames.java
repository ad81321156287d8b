package dev.concurrency.benchmarks.runner;

import com.google.common.collect.ImmutableList;
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
          "E9_spawn_no_suspend",
          "T2_cpu_parallel",
          "T3_thread_start_join",
          "P1_seed_process",
          "P2_spawn_latency",
          "P3_pool_map",
          "S1_mutex",
          "S2_semaphore");

  /**
   * The workloads measured cold, on their first run in a fresh process: what they measure is start-up (of the
   * seed's sample, of child processes). Every other workload warms up first (JIT compilation, allocator and
   * thread-stack growth) and is then measured in the same process, by every system alike, the Python peers
   * included: see {@link Repetitions}.
   */
  public static final List<String> COLD = ImmutableList.of("E7_seed_gather", "P1_seed_process", "P2_spawn_latency");

  private WorkloadNames() {}

  /** Whether {@code workload} warms up before its measured runs (see {@link #COLD}). */
  public static boolean warmsUp(String workload) {
    return !COLD.contains(workload);
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
