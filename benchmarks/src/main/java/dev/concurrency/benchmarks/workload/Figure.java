package dev.concurrency.benchmarks.workload;

import static java.util.Objects.requireNonNull;

/**
 * One measured figure of a workload, such as {@code tasks_per_s 1234567 tasks/s}.
 *
 * <p>Metric names are shared by every system (this project, CPython, the JDK baselines) so that results line
 * up: {@code tasks_per_s}, {@code switches_per_s}, {@code wall_s}, {@code lateness_p50_ms}, and so on.
 *
 * @param metric the metric's name, lower-case with underscores
 * @param value the measured value
 * @param unit the unit, for people ({@code tasks/s}, {@code s}, {@code ms})
 */
public record Figure(String metric, double value, String unit) {

  /** Checks the parts. */
  public Figure {
    requireNonNull(metric, "metric");
    requireNonNull(unit, "unit");
    if (!metric.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("metric '" + metric + "' must be lower-case words joined by underscores");
    }
  }
}
