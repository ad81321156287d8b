package dev.concurrency.async.simulation;

/**
 * The simulation's source of chance: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), written out here rather than taken from {@link java.util.SplittableRandom} so that a
 * seed replays the same run on every JDK, whatever a JDK's implementation of its own generators becomes.
 *
 * <p>Not thread-safe: a simulated run draws only on the thread that holds its loop.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
  long nextLong(long bound) {
    // the rejection of java.util.Random.nextInt(bound): exactly uniform; the loop almost never repeats
    long r;
    long m;
    do {
      r = nextLong() >>> 1;
      m = r % bound;
    } while (r - m + (bound - 1) < 0);
    return m;
  }

  /** Uniform in {@code [0, bound]}, inclusive; 0 when {@code bound <= 0}. */
  long upTo(long bound) {
    return bound <= 0 ? 0 : bound == Long.MAX_VALUE ? nextLong() >>> 1 : nextLong(bound + 1);
  }

  /** Uniform in {@code [0, bound)} as an int; {@code bound} must be positive. */
  int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }

  /** True with probability {@code p} (0 never draws). */
  boolean chance(double p) {
    if (p <= 0) {
      return false;
    }
    return (nextLong() >>> 11) * 0x1.0p-53 < p;
  }
}
