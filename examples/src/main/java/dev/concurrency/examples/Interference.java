package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * How much of this machine other programs took while a timed run ran: the evidence an example needs before it
 * draws a conclusion from its timings. A CPU-bound run on two threads measures the code only if the two cores
 * were free; on a shared machine they often are not, and then a "speedup" says more about the neighbours than
 * about the threads (a loaded build machine once printed a speedup of 3.9 the wrong way round).
 *
 * <p>{@link #watch()} starts a measurement and {@link Watch#stop()} ends it. The machine's CPU use comes from the
 * JDK's {@code com.sun.management.OperatingSystemMXBean} (on Linux, {@code /proc/stat} between the two calls);
 * this JVM's own use from its process CPU time. What is left is the others'. Where the JDK cannot tell, the
 * share is unknown ({@link #others()} is NaN) and a {@link Verdict} judges by the result's plausibility alone.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param wall how long the run took
 * @param systemLoad the whole machine's CPU use over the run, from 0 (idle) to 1 (every core busy); negative when
 *     the JDK cannot tell
 * @param ownCpu the CPU time this JVM used over the run, every thread included (its JIT and collector too)
 * @param cores how many cores the machine has
 */
public record Interference(Duration wall, double systemLoad, Duration ownCpu, int cores) {

  /** Checks the parts. */
  public Interference {
    requireNonNull(wall, "wall");
    requireNonNull(ownCpu, "ownCpu");
    if (cores < 1) {
      throw new IllegalArgumentException("cores is " + cores + "; a machine has at least 1");
    }
  }

  /** A run on an idle machine, for tests and for runs too short to measure: nobody else used any CPU. */
  public static Interference none(Duration wall, int cores) {
    return new Interference(wall, 0, Duration.ZERO, cores);
  }

  /**
   * {@return the share of the machine's CPU capacity, from 0 to 1, that other processes used during the run}
   * NaN when the machine's use is unknown or the run took no time.
   */
  public double others() {
    if (systemLoad < 0 || wall.isZero()) {
      return Double.NaN;
    }
    double own = (double) ownCpu.toNanos() / ((double) wall.toNanos() * cores);
    return Math.max(0, Math.min(1, systemLoad - own));
  }

  /** {@return the others' share as a phrase: "other programs used 63 % of this machine's 2 cores"} */
  public String describe() {
    double others = others();
    if (Double.isNaN(others)) {
      return "this machine's load is unknown";
    }
    return String.format(Locale.ROOT, "other programs used %.0f %% of this machine's %d core%s", 100 * others, cores,
        cores == 1 ? "" : "s");
  }

  /** {@return a measurement, started now} */
  public static Watch watch() {
    return new Watch();
  }

  /** A measurement in progress; not thread-safe (start and stop it on one thread). */
  public static final class Watch {
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final long startNanos;
    private final long startCpu;

    private Watch() {
      systemLoadSinceLastCall(); // primes the counters, so that the call in stop() covers the run only
      this.startCpu = processCpuNanos();
      this.startNanos = System.nanoTime();
    }

    /** {@return what other programs took since this watch started} */
    public Interference stop() {
      long wall = System.nanoTime() - startNanos;
      long cpu = processCpuNanos() - startCpu;
      double load = systemLoadSinceLastCall();
      return new Interference(Duration.ofNanos(wall), load, Duration.ofNanos(Math.max(0, cpu)),
          Runtime.getRuntime().availableProcessors());
    }

    private double systemLoadSinceLastCall() {
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getCpuLoad() : -1;
    }

    private long processCpuNanos() {
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }
  }
}
