package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ExecutionException;

/**
 * A unit of pure CPU work with a checkable answer: the kernel of the "two threads are twice as fast" comparison
 * (seed section 5) in the examples and benchmarks.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=cpu-work}
 *
 * <p>{@link #spin} runs {@code ops} rounds of a 64-bit xorshift; it touches no memory and takes no lock, so
 * threads running it share nothing but the cores. Its result depends on every round, so the JIT cannot drop
 * the loop, and it lets a caller check that the work was really done. Stateless and thread-safe.
 *
 * <p><b>Python:</b> {@code for _ in range(n): x ^= x << 13; ...} holds CPython's GIL, so two threads running it
 * take as long as one running both halves (about 0.96x "speedup", the figure this project's benchmarks issue cites
 * for its machine); these
 * Java threads run on two cores at once.
 */
public final class CpuWork {

  private CpuWork() {}

  /**
   * Runs {@code ops} xorshift rounds from {@code seed} and returns the final state.
   *
   * @param ops the number of rounds, not negative
   * @param seed the start state, not zero
   * @return the final state
   * @throws IllegalArgumentException if {@code ops} is negative or {@code seed} is zero (xorshift's fixed point)
   */
  public static long spin(long ops, long seed) {
    checkArgument(ops >= 0, "ops must not be negative, got %s", ops);
    checkArgument(seed != 0, "seed must not be zero: xorshift would stay at zero");
    long x = seed;
    for (long i = 0; i < ops; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /**
   * Measures the same work, {@code ops} rounds split in two halves, on one thread and then on two, {@code rounds}
   * times, after a warm-up; keeps the best time of each, which is the least disturbed by other load on the
   * machine. Checks every answer.
   *
   * @param ops the total rounds, at least 2
   * @param rounds how many times to measure each way, at least 1
   * @return the best times
   * @throws IllegalArgumentException if {@code ops} is under 2 or {@code rounds} under 1
   * @throws IllegalStateException if a run computed a wrong answer
   * @throws InterruptedException if interrupted while joining the threads
   */
  public static Speedup measureSpeedup(long ops, int rounds) throws InterruptedException {
    checkArgument(ops >= 2, "ops must be at least 2, got %s", ops);
    checkArgument(rounds >= 1, "rounds must be at least 1, got %s", rounds);
    long expected = spin(ops / 2, 1) ^ spin(ops - ops / 2, 2); // also the warm-up
    double best1 = Double.MAX_VALUE;
    double best2 = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      best1 = Math.min(best1, timedHalves(ops, expected, /* parallel= */ false));
      best2 = Math.min(best2, timedHalves(ops, expected, /* parallel= */ true));
    }
    return new Speedup(best1, best2);
  }

  private static double timedHalves(long ops, long expected, boolean parallel) throws InterruptedException {
    long[] halves = new long[2];
    long start = System.nanoTime();
    if (parallel) {
      ThreadHandle other = ThreadHandle.platform("cpu-half-2", () -> halves[1] = spin(ops - ops / 2, 2)).start();
      halves[0] = spin(ops / 2, 1);
      try {
        other.joinOrThrow(); // the join is what makes halves[1] visible here
      } catch (ExecutionException e) {
        throw new IllegalStateException("the second half failed", e.getCause());
      }
    } else {
      halves[0] = spin(ops / 2, 1);
      halves[1] = spin(ops - ops / 2, 2);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if ((halves[0] ^ halves[1]) != expected) {
      throw new IllegalStateException("wrong answer: the work was not done as asked");
    }
    return seconds;
  }

  /**
   * The best wall times of the same work on one and on two threads.
   *
   * @param oneThreadSeconds the time on one thread
   * @param twoThreadsSeconds the time on two threads
   */
  public record Speedup(double oneThreadSeconds, double twoThreadsSeconds) {
    /**
     * {@code oneThreadSeconds / twoThreadsSeconds}: 2.0 is ideal on two free cores.
     *
     * @return the speed-up
     */
    public double speedup() {
      return oneThreadSeconds / twoThreadsSeconds;
    }
  }
}
