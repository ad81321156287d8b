package dev.concurrency.benchmarks.threads;

import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;

/** The workloads this project's {@code thread-concurrency} module runs, as the system named {@code project}. */
public final class ThreadWorkloads {

  private ThreadWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of();
  }
}
