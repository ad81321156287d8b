package dev.concurrency.benchmarks.runner;

import dev.concurrency.benchmarks.workload.Scale;
import java.util.List;

/**
 * One system the runner measures: this project, a JDK baseline, or a Python peer. Every (system, workload) pair
 * runs in a fresh process, started from {@link #command}.
 *
 * <p>Implementations are immutable, apart from caching what they find out about the machine, and thread-safe.
 */
public sealed interface BenchSystem permits JvmSystem, PythonSystem {

  /** The name in every table ({@code jdk-cf}, {@code python-uvloop}, {@code project}). */
  String name();

  /** One line on what it is ({@code CompletableFuture on a single-thread executor}). */
  String description();

  /** The names of the workloads it implements, in report order. */
  List<String> workloads();

  /** Whether it can run on this machine; cached after the first call. */
  Availability availability();

  /** The command line of a fresh process that runs one workload and prints its {@code --only} lines. */
  List<String> command(String workload, Scale scale);
}
