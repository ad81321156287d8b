package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.PermitSync;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore: a number of permits that threads take and give back, waiting while none are free.
 *
 * <pre>{@code
 * CountingSemaphore connections = CountingSemaphore.create(10);
 *
 * try (CountingSemaphore.Permit permit = connections.acquirePermit()) {
 *   // at most ten threads are here at once
 * }
 * }</pre>
 *
 * <p>Permits have no owner: any thread may release, and releasing more than was taken raises the count
 * (use {@link BoundedSemaphore} to make that an error). Fair or barging ({@link Fairness}); multi-permit
 * acquisition takes all or nothing, and a large request waiting in a fair semaphore holds back smaller ones
 * behind it. Blocking acquisitions end when the permits are granted, when the timeout elapses (timed forms,
 * returning {@code false}), or when the thread is interrupted ({@link InterruptedException}, no permit taken),
 * except {@link #acquireUninterruptibly(int)}. Semaphores made by a {@link DeadlockDetector} take part in its
 * checks: an acquisition counts as a hold by the acquiring thread until some thread releases.
 *
 * <p>Cost: without a detector, {@code acquire} and {@code release} run the loops of
 * {@link java.util.concurrent.Semaphore}'s barging synchronizer (one CAS each, the same
 * {@link java.util.concurrent.locks.AbstractQueuedSynchronizer} queue when no permit is free) and allocate nothing
 * unless they queue. Measured on a shared 2-core machine, JDK 25, 2026-11-24: an uncontended acquire/release took
 * 6.01 ns of CPU time against {@code Semaphore}'s 6.07 ns (medians of 16 JVMs; the ratio inside each JVM 0.99,
 * middle half 0.97-1.14); contended, 2 and 4 threads on 2 permits, JMH's medians over 11 side-by-side rounds were 83
 * and 92 M ops/s against 81 and 98 M (per-round ratios 1.14 and 0.97, each round's varying 0.3-2.2x with the
 * machine's load). Command and figures: the module README, "Performance".
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions in a thread before a release <i>happen-before</i> actions after a
 * successful acquire in another thread.
 *
 * <p><b>Python:</b> {@code threading.Semaphore}: {@code acquire(timeout=...)} is {@link #tryAcquire(Duration)},
 * {@code release(n)} is {@link #release(int)}, and {@code with sem:} is try-with-resources on a {@link Permit}.
 * Named apart from {@link java.util.concurrent.Semaphore}, which has the same counting semantics but no
 * detector and no try-with-resources permits.
 */
public sealed class CountingSemaphore permits BoundedSemaphore {

  private final PermitSync sync;
  private final @Nullable LockNode node;
  private final String name;

  CountingSemaphore(int permits, int bound, Fairness fairness, @Nullable LockNode node) {
    if (permits < 0) {
      throw new IllegalArgumentException(
          "initial permits must not be negative, was " + permits + " (Python raises ValueError too)");
    }
    this.sync = new PermitSync(permits, bound, requireNonNull(fairness, "fairness").isFair());
    this.node = node;
    this.name = LockNode.nameOf(node, this);
  }

  /**
   * A barging semaphore with {@code permits} free permits.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static CountingSemaphore create(int permits) {
    return new CountingSemaphore(permits, Integer.MAX_VALUE, Fairness.BARGING, null);
  }

  /**
   * A semaphore with {@code permits} free permits and the given fairness.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static CountingSemaphore create(int permits, Fairness fairness) {
    return new CountingSemaphore(permits, Integer.MAX_VALUE, fairness, null);
  }

  /** Takes one permit, waiting as needed; see {@link #acquire(int)}. */
  public final void acquire() throws InterruptedException {
    acquire(1);
  }

  /**
   * Takes {@code permits} permits at once, waiting until they are all free.
   *
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   * @throws IllegalArgumentException if {@code permits < 1}
   * @throws PotentialDeadlockException or {@link DeadlockException}, from a detector's semaphore
   */
  public final void acquire(int permits) throws InterruptedException {
    Durations.positive(permits, "permits");
    LockNode tracked = node;
    if (tracked == null) {
      sync.acquireSharedInterruptibly(permits);
    } else {
      acquireTracked(tracked, permits);
    }
  }

  // The tracked paths live in methods of their own so that the untracked ones stay under the 35 bytes of
  // bytecode that C1 inlines: a short run spends much of its time in C1 code, as java.util.concurrent's does.
  private void acquireTracked(LockNode tracked, int permits) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
    tracked.acquire(
        () -> sync.attempt(permits),
        () -> {
          sync.acquireSharedInterruptibly(permits);
          return true;
        });
  }

  /** Takes {@code permits} permits, waiting as needed and ignoring interrupts (which stay set). */
  public final void acquireUninterruptibly(int permits) {
    Durations.positive(permits, "permits");
    LockNode tracked = node;
    if (tracked == null) {
      sync.acquireShared(permits);
    } else {
      tracked.acquireUninterruptibly(sync, s -> s.attempt(permits), s -> s.acquireShared(permits));
    }
  }

  /** Takes one permit if one is free now, even when fair; never waits. */
  public final boolean tryAcquire() {
    return tryAcquire(1);
  }

  /** Takes {@code permits} permits if they are free now, even when fair; never waits. */
  public final boolean tryAcquire(int permits) {
    Durations.positive(permits, "permits");
    if (!sync.barge(permits)) {
      return false;
    }
    if (node != null) {
      node.acquiredWithoutBlocking();
    }
    return true;
  }

  /** Takes one permit if one becomes free within {@code timeout}; see {@link #tryAcquire(int, Duration)}. */
  public final boolean tryAcquire(Duration timeout) throws InterruptedException {
    return tryAcquire(1, timeout);
  }

  /**
   * Takes {@code permits} permits if they become free within {@code timeout}; honours fairness.
   *
   * @return true if taken, false if the timeout elapsed first ({@link Duration#ZERO}: try once)
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   * @throws IllegalArgumentException if {@code permits < 1} or {@code timeout} is negative
   */
  public final boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
    Durations.positive(permits, "permits");
    long nanos = Durations.nanos(timeout);
    LockNode tracked = node;
    return tracked == null
        ? sync.tryAcquireSharedNanos(permits, nanos)
        : tryAcquireTracked(tracked, permits, nanos);
  }

  private boolean tryAcquireTracked(LockNode tracked, int permits, long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
    return tracked.acquire(
        () -> sync.attempt(permits), () -> sync.tryAcquireSharedNanos(permits, nanos));
  }

  /** Takes one permit and returns it as a {@link Permit} to close in try-with-resources. */
  public final Permit acquirePermit() throws InterruptedException {
    return acquirePermits(1);
  }

  /**
   * Takes {@code permits} permits, as {@link #acquire(int)}, and returns them as one {@link Permit} whose
   * {@code close()} gives them all back.
   */
  public final Permit acquirePermits(int permits) throws InterruptedException {
    acquire(permits);
    return new Permit(this, permits);
  }

  /** Gives back one permit; see {@link #release(int)}. */
  public final void release() {
    release(1);
  }

  /**
   * Gives back {@code permits} permits, waking waiters they satisfy. Any thread may release.
   *
   * @throws IllegalArgumentException if {@code permits < 1}
   * @throws IllegalStateException if this is a {@link BoundedSemaphore} and the count would pass its bound
   */
  public final void release(int permits) {
    Durations.positive(permits, "permits");
    LockNode tracked = node;
    if (tracked != null) {
      tracked.releasing();
    }
    sync.releaseShared(permits);
  }

  /** The number of free permits now; for monitoring. */
  public final int availablePermits() {
    return sync.permits();
  }

  /** Takes every free permit and returns how many. */
  public final int drainPermits() {
    return sync.drain();
  }

  /** Whether the semaphore is fair. */
  public final boolean isFair() {
    return sync.isFair();
  }

  /** Whether any thread is waiting; for monitoring and tests. */
  public final boolean hasQueuedThreads() {
    return sync.hasQueuedThreads();
  }

  /** Whether {@code thread} is waiting; for monitoring and tests. */
  public final boolean hasQueuedThread(Thread thread) {
    return sync.isQueued(requireNonNull(thread, "thread"));
  }

  /** An estimate of how many threads are waiting. */
  public final int getQueueLength() {
    return sync.getQueueLength();
  }

  /** The semaphore's name: the one given to a detector, or the class name and identity. */
  public final String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + "[permits=" + sync.permits() + "]";
  }

  /**
   * Permits held, released by {@link #close()}: the {@code with semaphore:} of Python.
   *
   * <p>Thread-safe; {@code close()} releases once, and later calls do nothing.
   */
  public static final class Permit implements AutoCloseable {

    private final CountingSemaphore semaphore;
    private final int count;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Permit(CountingSemaphore semaphore, int count) {
      this.semaphore = semaphore;
      this.count = count;
    }

    /** How many permits this handle holds. */
    public int count() {
      return count;
    }

    /** Gives the permits back, the first time only. */
    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        semaphore.release(count);
      }
    }
  }
}
