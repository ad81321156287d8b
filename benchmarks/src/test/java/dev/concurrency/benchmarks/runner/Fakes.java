package dev.concurrency.benchmarks.runner;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Workload;
import java.io.IOException;
import java.util.List;

/** Systems for runner tests: tiny in-process workloads, and a Python environment where nothing is installed. */
final class Fakes {

  private Fakes() {}

  /** A JVM system whose workloads return fixed figures at once. */
  static JvmSystem jvm(String name, Workload... workloads) {
    return new JvmSystem(name, "fake " + name, () -> List.of(workloads));
  }

  /** A workload that reports one rate. */
  static Workload rate(String workload, String metric, double value) {
    return Workload.of(workload, scale -> List.of(new Figure(metric, value, "x/s")));
  }

  /** A workload whose own check fails. */
  static Workload wrong(String workload) {
    return Workload.of(workload, scale -> {
      throw new IllegalStateException("wrong result: 3 of 4 tasks ran");
    });
  }

  /** A Python environment in which no candidate interpreter can be started. */
  static PythonEnvironment noPython() {
    return new PythonEnvironment(List.of("python3-that-is-not-here"), (command, timeout) -> {
      throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
    });
  }
}
