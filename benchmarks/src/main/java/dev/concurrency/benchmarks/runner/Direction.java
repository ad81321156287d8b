package dev.concurrency.benchmarks.runner;

/**
 * Which way a metric is better, read from its name: rates, speedups and efficiencies are better higher,
 * times are better lower.
 */
public enum Direction {
  /** More is better: {@code tasks_per_s}, {@code speedup}, {@code burn_efficiency}. */
  HIGHER("higher"),
  /** Less is better: {@code wall_s}, {@code lateness_p99_ms}, {@code median_ms}. */
  LOWER("lower");

  private final String word;

  Direction(String word) {
    this.word = word;
  }

  /** The direction of the named metric. */
  public static Direction of(String metric) {
    if (metric.endsWith("_per_s") || metric.equals("speedup") || metric.endsWith("efficiency")) {
      return HIGHER;
    }
    if (metric.endsWith("_s") || metric.endsWith("_ms")) {
      return LOWER;
    }
    throw new IllegalArgumentException("metric '" + metric + "' has no known direction: end rates in _per_s, "
        + "times in _s or _ms, or name it speedup or *efficiency");
  }

  /**
   * How many times better {@code project} is than {@code peer}: above 1 the project is better, below 1 the peer
   * is. NaN when either value is not positive.
   */
  public double advantage(double project, double peer) {
    if (!(project > 0) || !(peer > 0)) {
      return Double.NaN;
    }
    return this == HIGHER ? project / peer : peer / project;
  }

  /** "higher" or "lower", for tables. */
  public String word() {
    return word;
  }
}
