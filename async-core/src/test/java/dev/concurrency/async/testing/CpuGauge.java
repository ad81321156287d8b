package dev.concurrency.async.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows that threads which should be waiting do not spin: it compares the CPU time they use over a stretch of a
 * test with the CPU time that a thread which does nothing but spin gets over the same stretch. On a busy machine
 * a spinning thread gets only its share of a core (a quarter of one, with a load of 20 on 2 cores), so a bound
 * in wall-clock time would miss it; a waiting thread uses next to nothing however busy the machine is.
 *
 * <p>It watches the platform threads it is given and every carrier of the virtual-thread scheduler: a spinning
 * virtual thread never unmounts, so its carrier burns the CPU (the JDK measures no virtual thread's CPU time).
 *
 * <pre>{@code
 * CpuGauge gauge = CpuGauge.start(Thread.currentThread());
 * sleep(Duration.ofMillis(500));                     // the loop really waits, for a system-clock timer
 * gauge.assertNoSpin("the loop waiting for its timer");
 * }</pre>
 */
public final class CpuGauge {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Below this much CPU, nothing is said to spin, whatever the reference got (a machine too busy to tell). */
  private static final long FLOOR_NANOS = 5_000_000;

  private final List<Thread> watched;
  private final Map<Long, Long> cpuAtStart;
  private final long wallAtStart;
  private final Thread reference;
  private volatile boolean measuring = true;

  private CpuGauge(List<Thread> watched) {
    this.watched = watched;
    this.reference = Thread.ofPlatform().daemon().name("cpu-gauge-reference").unstarted(this::spin);
    this.cpuAtStart = cpuNow();
    this.wallAtStart = System.nanoTime();
    reference.start();
  }

  /**
   * Starts measuring {@code watched} (platform threads) and the virtual threads' carriers, and starts the
   * reference thread, which spins until {@link #assertNoSpin}.
   */
  public static CpuGauge start(Thread... watched) {
    for (Thread t : watched) {
      if (t.isVirtual()) {
        throw new IllegalArgumentException("the JDK measures no virtual thread's CPU time; " + t
            + " is measured through its carrier, which the gauge watches anyway");
      }
    }
    if (!THREADS.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM does not measure threads' CPU time");
    }
    THREADS.setThreadCpuTimeEnabled(true);
    return new CpuGauge(List.of(watched));
  }

  /**
   * Stops the reference thread and asserts that the watched threads used less than a quarter of the CPU time it
   * got (a spinning thread gets about as much as it does).
   */
  public void assertNoSpin(String what) {
    long cpu = cpuNanos();
    long wall = System.nanoTime() - wallAtStart;
    long spinning = THREADS.getThreadCpuTime(reference.threadId());
    measuring = false;
    assertThat(cpu)
        .as("%s: the watched threads used %d ms of CPU over %d ms, where a spinning thread got %d ms", what,
            cpu / 1_000_000, wall / 1_000_000, spinning / 1_000_000)
        .isLessThan(Math.max(spinning / 4, FLOOR_NANOS));
  }

  private void spin() {
    long n = 0;
    while (measuring) {
      n++;
    }
    if (n == 42) {
      Thread.onSpinWait(); // uses n, so the loop is not optimised into something else
    }
  }

  private long cpuNanos() {
    long sum = 0;
    for (Map.Entry<Long, Long> now : cpuNow().entrySet()) {
      sum += now.getValue() - cpuAtStart.getOrDefault(now.getKey(), 0L);
    }
    return sum;
  }

  private Map<Long, Long> cpuNow() {
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : watched) {
      record(cpu, t);
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getClass().getName().equals("jdk.internal.misc.CarrierThread")) {
        record(cpu, t);
      }
    }
    return cpu;
  }

  private static void record(Map<Long, Long> cpu, Thread t) {
    long nanos = THREADS.getThreadCpuTime(t.threadId());
    if (nanos >= 0) { // -1: the thread has ended
      cpu.put(t.threadId(), nanos);
    }
  }
}
