package dev.concurrency.benchmarks.asyncio;

import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;

/** The workloads this project's {@code async-core} module runs, as the system named {@code project}. */
public final class AsyncCoreWorkloads {

  private AsyncCoreWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of();
  }
}
