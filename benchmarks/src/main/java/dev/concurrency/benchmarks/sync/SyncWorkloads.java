package dev.concurrency.benchmarks.sync;

import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;

/** The workloads this project's {@code sync-primitives} module runs, as the system named {@code project}. */
public final class SyncWorkloads {

  private SyncWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of();
  }
}
