package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/**
 * Little's law, {@code L = lambda * W}: in a stable system the mean number of requests inside equals the arrival
 * rate times the mean time each spends inside. Used here to size pools: the threads (or connections) a service
 * keeps busy is its throughput times its latency.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=little}
 *
 * <p>It holds for any arrival pattern and scheduling order, as long as the system is stable (arrivals do not
 * outrun departures for ever), which {@link #utilisation} checks: at or above 1 the queue grows without bound.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class LittlesLaw {

  private static final double NANOS_PER_SECOND = 1e9;

  private LittlesLaw() {}

  /**
   * The mean number in the system, {@code L = lambda * W}.
   *
   * @param arrivalsPerSecond {@code lambda}, not negative
   * @param timeInSystem {@code W}, not negative
   * @return {@code L}
   */
  public static double inSystem(double arrivalsPerSecond, Duration timeInSystem) {
    checkRate(arrivalsPerSecond);
    return arrivalsPerSecond * seconds(timeInSystem);
  }

  /**
   * The throughput {@code lambda = L / W} of a system holding {@code L} on average for {@code W} each.
   *
   * @param inSystem {@code L}, the mean number in the system
   * @param timeInSystem {@code W}, the mean time each spends in it
   * @return {@code lambda}, per second
   * @throws IllegalArgumentException if {@code timeInSystem} is not positive or {@code inSystem} is negative
   */
  public static double throughput(double inSystem, Duration timeInSystem) {
    checkArgument(inSystem >= 0 && Double.isFinite(inSystem), "inSystem is %s; give a count >= 0", inSystem);
    double w = seconds(timeInSystem);
    checkArgument(w > 0, "time in system must be positive to divide by it, got %s", timeInSystem);
    return inSystem / w;
  }

  /**
   * The mean time in the system {@code W = L / lambda}.
   *
   * @param inSystem {@code L}, the mean number in the system
   * @param arrivalsPerSecond {@code lambda}
   * @return {@code W}
   * @throws IllegalArgumentException if {@code arrivalsPerSecond} is not positive
   */
  public static Duration timeInSystem(double inSystem, double arrivalsPerSecond) {
    checkArgument(inSystem >= 0 && Double.isFinite(inSystem), "inSystem is %s; give a count >= 0", inSystem);
    checkArgument(arrivalsPerSecond > 0, "arrival rate must be positive to divide by it, got %s", arrivalsPerSecond);
    return Duration.ofNanos(Math.round(inSystem / arrivalsPerSecond * NANOS_PER_SECOND));
  }

  /**
   * The utilisation {@code rho = lambda * S / servers} of {@code servers} workers each taking {@code S} per
   * request; the system is stable only below 1.
   *
   * @param arrivalsPerSecond {@code lambda}
   * @param serviceTime {@code S}, one request's time on a worker
   * @param servers how many workers serve at once
   * @return {@code rho}
   * @throws IllegalArgumentException if {@code servers} is less than 1 or a value is negative
   */
  public static double utilisation(double arrivalsPerSecond, Duration serviceTime, int servers) {
    checkArgument(servers >= 1, "servers is %s; give at least 1", servers);
    return inSystem(arrivalsPerSecond, serviceTime) / servers;
  }

  /**
   * The arrival rate at which {@code servers} workers of service time {@code S} saturate: {@code servers / S}.
   *
   * @param serviceTime {@code S}, one request's time on a worker
   * @param servers how many workers serve at once
   * @return requests per second
   * @throws IllegalArgumentException if {@code servers} is less than 1 or {@code serviceTime} is not positive
   */
  public static double saturationRate(Duration serviceTime, int servers) {
    checkArgument(servers >= 1, "servers is %s; give at least 1", servers);
    return throughput(servers, serviceTime);
  }

  private static void checkRate(double rate) {
    checkArgument(rate >= 0 && Double.isFinite(rate), "arrival rate is %s; give requests per second >= 0", rate);
  }

  private static double seconds(Duration d) {
    checkArgument(!d.isNegative(), "time is negative: %s", d);
    return d.toNanos() / NANOS_PER_SECOND;
  }
}
