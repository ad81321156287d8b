package dev.concurrency.benchmarks.processes;

import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;

/** The workloads this project's {@code process-concurrency} module runs, as the system named {@code project}. */
public final class ProcessWorkloads {

  private ProcessWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of();
  }
}
