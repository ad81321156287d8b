package dev.concurrency.benchmarks.workload;

/**
 * How big a workload runs: the sizes the benchmarks issue names, or small ones for a smoke test.
 */
public enum Scale {
  /** The named sizes (100,000 tasks, 1,000,000 switches, ...): what the published tables use. */
  FULL,
  /** Small sizes that still exercise every code path, for a smoke test CI can afford. */
  QUICK;

  /** Picks the size for this scale. */
  public int pick(int full, int quick) {
    return this == FULL ? full : quick;
  }
}
