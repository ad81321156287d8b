package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The blocked-loop watchdog: one daemon thread, shared by every loop in the JVM, that notices a callback or
 * task step holding a loop for longer than that loop's limit (the idea of Vert.x's blocked thread checker).
 *
 * <p>Cost on the loop's hot path: the loop bumps a step counter with an opaque write (a plain store on x86) and
 * flags its idle waits. The watchdog samples the counter every quarter of the smallest limit; when a running,
 * non-idle loop's counter has not moved for longer than its limit, it reports once per stuck step, with the
 * stack of the thread that holds the baton.
 *
 * <p>Thread-safe.
 */
public final class Watchdog {

  /** What the watchdog reads from a loop. Implementations must be thread-safe. */
  public interface Probe {
    /**
     * The loop's step counter; it moves whenever a callback or task step starts.
     *
     * @return the loop's step counter; it moves whenever a callback or task step starts
     */
    long steps();

    /**
     * The thread holding the loop while it runs a step, or {@code null} when the loop is idle or stopped.
     *
     * @return the thread holding the loop while it runs a step, or {@code null} when the loop is idle or stopped
     */
    @Nullable Thread busyThread();

    /**
     * The limit after which a step counts as blocking.
     *
     * @return the limit after which a step counts as blocking
     */
    Duration limit();

    /**
     * Receives one report, on the watchdog's thread.
     *
     * @param thread the thread
     * @param blockedFor how long it has been blocked
     * @param stack where the blocked thread is, innermost frame first
     */
    void blocked(Thread thread, Duration blockedFor, StackTraceElement[] stack);
  }

  private static final class Sample {
    long steps = -1;
    long since;
    boolean reported;
  }

  private static final Watchdog SHARED = new Watchdog();

  private final Map<Probe, Sample> probes = new ConcurrentHashMap<>();
  private volatile long periodNanos = Long.MAX_VALUE;
  private @Nullable Thread thread;

  /** Package-private for tests, which need a watchdog of their own; everything else uses {@link #shared()}. */
  Watchdog() {}

  /**
   * The JVM's watchdog.
   *
   * @return the JVM's watchdog
   */
  public static Watchdog shared() {
    return SHARED;
  }

  /**
   * Starts watching a loop; a loop registers when it starts running.
   *
   * @param probe the loop's probe
   */
  public void watch(Probe probe) {
    requireNonNull(probe, "probe");
    probes.put(probe, new Sample());
    long wanted = Math.max(TimeUnit.MILLISECONDS.toNanos(1), probe.limit().toNanos() / 4);
    synchronized (this) {
      if (wanted < periodNanos) {
        periodNanos = wanted;
        if (thread != null) {
          // it may be parked for the old, longer period: wake it so the shorter limit holds from now on
          LockSupport.unpark(thread);
        }
      }
      if (thread == null) {
        // a plain daemon thread: an executor would cost more to load than the whole watchdog at start-up
        Thread t = new Thread(this::loop, "asyncio-watchdog");
        t.setDaemon(true);
        t.start();
        thread = t;
      }
    }
  }

  /** The watchdog's thread, once started; for tests. */
  synchronized @Nullable Thread thread() {
    return thread;
  }

  private void loop() {
    while (true) {
      LockSupport.parkNanos(this, periodNanos);
      check();
    }
  }

  /**
   * Stops watching a loop; a loop unregisters when it stops running.
   *
   * @param probe the loop's probe
   */
  public void unwatch(Probe probe) {
    probes.remove(probe);
  }

  private void check() {
    long now = System.nanoTime();
    probes.forEach((probe, sample) -> check(probe, sample, now));
  }

  private static void check(Probe probe, Sample sample, long now) {
    Thread busy = probe.busyThread();
    long steps = probe.steps();
    if (busy == null || steps != sample.steps) {
      sample.steps = steps;
      sample.since = now;
      sample.reported = false;
      return;
    }
    long blocked = now - sample.since;
    if (!sample.reported && blocked > probe.limit().toNanos()) {
      sample.reported = true;
      try {
        probe.blocked(busy, Duration.ofNanos(blocked), busy.getStackTrace());
      } catch (RuntimeException e) {
        System.getLogger(Watchdog.class.getName()).log(System.Logger.Level.ERROR, "blocked-loop report failed", e);
      }
    }
  }
}
