package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import dev.concurrency.benchmarks.workload.Scale;
import java.util.ArrayList;
import java.util.List;

/**
 * One system the runner measures: this project, a JDK baseline, or a Python peer. Every (system, workload) pair
 * runs in a fresh process, started from {@link #command}.
 *
 * <p>Implementations are immutable, apart from caching what they find out about the machine, and thread-safe.
 */
public abstract sealed class BenchSystem permits JvmSystem, PythonSystem {

  private final String name;
  private final String description;

  BenchSystem(String name, String description) {
    this.name = requireNonNull(name, "name");
    this.description = requireNonNull(description, "description");
  }

  /** The name in every table ({@code jdk-cf}, {@code python-uvloop}, {@code project}). */
  public final String name() {
    return name;
  }

  /** One line on what it is ({@code CompletableFuture on a single-thread executor}). */
  public final String description() {
    return description;
  }

  /** The names of the workloads it implements, in report order. */
  public abstract List<String> workloads();

  /** Whether it can run on this machine; cached after the first call. */
  public abstract Availability availability();

  /**
   * The command line of a fresh process that runs one workload and prints its {@code --only} lines: the
   * system's own {@link #launch} line, then {@code --quick} at {@link Scale#QUICK}.
   */
  public final List<String> command(String workload, Scale scale) {
    List<String> command = new ArrayList<>(launch(workload));
    if (scale == Scale.QUICK) {
      command.add("--quick");
    }
    return command;
  }

  /** The command line that runs {@code workload} at full scale. */
  abstract List<String> launch(String workload);

  /** The name. */
  @Override
  public final String toString() {
    return name;
  }
}
