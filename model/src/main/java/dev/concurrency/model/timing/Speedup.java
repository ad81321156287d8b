package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Amdahl's and Gustafson's laws: how much faster {@code n} processors make a program whose parallel part is a
 * fraction {@code p} of its work.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=speedup}
 *
 * <p>Amdahl fixes the problem size: {@code S(n) = 1 / ((1 - p) + p / n)}, so the serial part caps the speedup
 * at {@code 1 / (1 - p)}. Gustafson fixes the time and lets the parallel part grow with {@code n}, where
 * {@code p} is the parallel fraction of the time measured on the {@code n} processors:
 * {@code S(n) = (1 - p) + p * n}. Both assume perfect division of the parallel part and no overhead.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Speedup {

  private Speedup() {}

  /**
   * Amdahl's speedup of a fixed job on {@code n} processors.
   *
   * @param parallelFraction the fraction {@code p} of the single-processor time that can run in parallel, 0 to 1
   * @param processors {@code n}, at least 1
   * @return {@code 1 / ((1 - p) + p / n)}
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double amdahl(double parallelFraction, int processors) {
    check(parallelFraction, processors);
    return 1.0 / ((1 - parallelFraction) + parallelFraction / processors);
  }

  /**
   * The most Amdahl allows with any number of processors: {@code 1 / (1 - p)}, infinite when {@code p = 1}.
   *
   * @param parallelFraction the fraction {@code p} of the single-processor time that can run in parallel, 0 to 1
   * @return the limit
   * @throws IllegalArgumentException if {@code parallelFraction} is not between 0 and 1
   */
  public static double amdahlLimit(double parallelFraction) {
    check(parallelFraction, 1);
    return 1.0 / (1 - parallelFraction);
  }

  /**
   * Gustafson's scaled speedup on {@code n} processors.
   *
   * @param parallelFraction the fraction {@code p} of the time on {@code n} processors spent in parallel work
   * @param processors {@code n}, at least 1
   * @return {@code (1 - p) + p * n}
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double gustafson(double parallelFraction, int processors) {
    check(parallelFraction, processors);
    return (1 - parallelFraction) + parallelFraction * processors;
  }

  private static void check(double p, int n) {
    checkArgument(p >= 0 && p <= 1, "parallel fraction is %s; give a fraction from 0 to 1 (0.9 for 90 percent)", p);
    checkArgument(n >= 1, "processors is %s; give at least 1", n);
  }
}
