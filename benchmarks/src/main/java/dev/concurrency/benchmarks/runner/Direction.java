package dev.concurrency.benchmarks.runner;

/**
 * Which way a metric is better, read from its name: rates, speedups and efficiencies are better higher,
 * times are better lower. Constants are immutable and safe to share between threads.
 */
public enum Direction {
  /** More is better: {@code tasks_per_s}, {@code speedup}, {@code burn_efficiency}. */
  HIGHER("higher"),
  /** Less is better: {@code wall_s}, {@code lateness_p99_ms}, {@code median_ms}, {@code *_us}. */
  LOWER("lower"),
  /**
   * A metric whose name does not say ({@code pool_vs_tpe}): listed in the figures, never turned into a ratio.
   * Name rates {@code *_per_s}, times {@code *_s}, {@code *_ms} or {@code *_us}, or use {@code speedup} /
   * {@code *efficiency}.
   */
  UNKNOWN("?");

  private final String word;

  Direction(String word) {
    this.word = word;
  }

  /** The direction of the named metric; {@link #UNKNOWN} when its name does not tell. */
  public static Direction of(String metric) {
    if (metric.endsWith("_per_s") || metric.equals("speedup") || metric.endsWith("efficiency")) {
      return HIGHER;
    }
    if (metric.endsWith("_s") || metric.endsWith("_ms") || metric.endsWith("_us")) {
      return LOWER;
    }
    return UNKNOWN;
  }

  /**
   * How many times better {@code project} is than {@code peer}: above 1 the project is better, below 1 the peer
   * is. NaN when either value is not positive, or when the direction is {@link #UNKNOWN}.
   */
  public double advantage(double project, double peer) {
    if (!(project > 0) || !(peer > 0)) {
      return Double.NaN;
    }
    return switch (this) {
      case HIGHER -> project / peer;
      case LOWER -> peer / project;
      case UNKNOWN -> Double.NaN;
    };
  }

  /** "higher", "lower" or "?", for tables. */
  public String word() {
    return word;
  }
}
