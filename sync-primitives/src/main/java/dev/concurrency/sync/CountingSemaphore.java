package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.PermitSync;
import dev.concurrency.sync.internal.TokenNode;
import dev.concurrency.sync.internal.Tracking;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore: a number of permits that threads take and give back, waiting while none are free.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=countingSemaphore}
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
public sealed class CountingSemaphore implements Serializable permits BoundedSemaphore {

  @Serial private static final long serialVersionUID = 1L;

  // Never serialized: the semaphore travels as its SerializedLock form (writeReplace).
  private final transient PermitSync sync;
  private final transient @Nullable TokenNode node;
  private final transient String name;

  CountingSemaphore(int permits, int bound, Fairness fairness, @Nullable Tracking tracking) {
    if (permits < 0) {
      throw new IllegalArgumentException(
          "initial permits must not be negative, was " + permits + " (Python raises ValueError too)");
    }
    boolean fair = requireNonNull(fairness, "fairness").isFair();
    this.sync = new PermitSync(permits, bound, fair);
    this.node = tracking == null ? null : tracking.tokens(sync, fair, permits, /* releaseAdds= */ true);
    this.name = LockNode.nameOf(node, this);
  }

  /** Checks a number of permits asked for: at least one, and no more than the bound of a bounded semaphore. */
  private int wanted(int permits) {
    Durations.positive(permits, "permits");
    if (permits > sync.bound()) {
      throw new IllegalArgumentException(
          permits
              + " permits asked of "
              + name
              + ", which can never hold more than its bound of "
              + sync.bound()
              + ": the request could never be granted");
    }
    return permits;
  }

  /**
   * A barging semaphore with one free permit, Python's {@code Semaphore()} default.
   *
   * @return the semaphore
   */
  public static CountingSemaphore create() {
    return create(1);
  }

  /**
   * A barging semaphore with {@code permits} free permits.
   *
    * @param permits the free permits at the start
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static CountingSemaphore create(int permits) {
    return new CountingSemaphore(permits, Integer.MAX_VALUE, Fairness.BARGING, null);
  }

  /**
   * A semaphore with {@code permits} free permits and the given fairness.
   *
    * @param permits the free permits at the start
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static CountingSemaphore create(int permits, Fairness fairness) {
    return new CountingSemaphore(permits, Integer.MAX_VALUE, fairness, null);
  }

  /**
   * Takes one permit, waiting as needed; see {@link #acquire(int)}.
   *
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   */
  public final void acquire() throws InterruptedException {
    acquire(1);
  }

  /**
   * Takes {@code permits} permits at once, waiting until they are all free.
   *
    * @param permits how many permits to take at once
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   * @throws IllegalArgumentException if {@code permits < 1}
   * @throws PotentialDeadlockException or {@link DeadlockException}, from a detector's semaphore
   */
  public final void acquire(int permits) throws InterruptedException {
    wanted(permits);
    TokenNode tracked = node;
    if (tracked == null) {
      sync.acquireSharedInterruptibly(permits);
    } else {
      acquireTracked(tracked, permits);
    }
  }

  // The tracked paths live in methods of their own so that the untracked ones stay under the 35 bytes of
  // bytecode that C1 inlines: a short run spends much of its time in C1 code, as java.util.concurrent's does.
  private void acquireTracked(TokenNode tracked, int permits) throws InterruptedException {
    checkInterrupt();
    tracked.acquire(
        permits,
        /* timed= */ false,
        () -> sync.attempt(permits),
        () -> {
          sync.acquireSharedInterruptibly(permits);
          return true;
        });
  }

  /** Takes one permit, waiting as needed and ignoring interrupts (which stay set). */
  public final void acquireUninterruptibly() {
    acquireUninterruptibly(1);
  }

  /**
   * Takes {@code permits} permits, waiting as needed and ignoring interrupts (which stay set).
   *
    * @param permits how many permits to take at once
   * @throws IllegalArgumentException if {@code permits < 1}, or above a bounded semaphore's bound
   */
  public final void acquireUninterruptibly(int permits) {
    wanted(permits);
    TokenNode tracked = node;
    if (tracked == null) {
      sync.acquireShared(permits);
    } else {
      tracked.acquireUninterruptibly(permits, sync, s -> s.attempt(permits), s -> s.acquireShared(permits));
    }
  }

  /**
   * Takes one permit if one is free now, even when fair; never waits.
   *
   * @return whether the permit was taken
   */
  public final boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code permits} permits if they are free now, even when fair; never waits.
   *
   * @param permits how many permits to take at once
   * @return whether the permits were taken
   */
  public final boolean tryAcquire(int permits) {
    wanted(permits);
    if (!sync.barge(permits)) {
      return false;
    }
    if (node != null) {
      node.acquiredWithoutBlocking(permits);
    }
    return true;
  }

  /**
   * Takes one permit if one becomes free within {@code timeout}; see {@link #tryAcquire(int, Duration)}.
   *
   * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
   * @return true if taken, false if the timeout elapsed first
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   */
  public final boolean tryAcquire(Duration timeout) throws InterruptedException {
    return tryAcquire(1, timeout);
  }

  /**
   * Takes {@code permits} permits if they become free within {@code timeout}; honours fairness.
   *
    * @param permits how many permits to take at once
    * @param timeout how long to wait at most
   * @return true if taken, false if the timeout elapsed first ({@link Duration#ZERO}: try once)
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   * @throws IllegalArgumentException if {@code permits < 1} or {@code timeout} is negative
   */
  public final boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
    wanted(permits);
    long nanos = Durations.nanos(timeout);
    TokenNode tracked = node;
    return tracked == null
        ? sync.tryAcquireSharedNanos(permits, nanos)
        : tryAcquireTracked(tracked, permits, nanos);
  }

  private boolean tryAcquireTracked(TokenNode tracked, int permits, long nanos) throws InterruptedException {
    checkInterrupt();
    return tracked.acquire(
        permits,
        /* timed= */ true,
        () -> sync.attempt(permits),
        () -> sync.tryAcquireSharedNanos(permits, nanos));
  }

  private void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
  }

  /**
   * Takes one permit and returns it as a {@link Permit} to close in try-with-resources.
   *
   * @return the permit, to close
   * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
   */
  public final Permit acquirePermit() throws InterruptedException {
    return acquirePermits(1);
  }

  /**
   * Takes {@code permits} permits, as {@link #acquire(int)}, and returns them as one {@link Permit} whose
   * {@code close()} gives them all back.
    *
    * @param permits how many permits to take at once
    * @return the permits, to close
    * @throws InterruptedException if interrupted on entry or while waiting; no permit is taken
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
    * @param permits how many permits to give back
   * @throws IllegalArgumentException if {@code permits < 1}
   * @throws IllegalStateException if this is a {@link BoundedSemaphore} and the count would pass its bound
   */
  public final void release(int permits) {
    Durations.positive(permits, "permits");
    TokenNode tracked = node;
    if (tracked == null) {
      sync.releaseShared(permits);
    } else {
      // A refused release (past the bound) leaves the detector's bookkeeping as it was.
      tracked.release(sync, permits, (semaphore, units) -> semaphore.releaseShared(units));
    }
  }

  /**
   * The number of free permits now; for monitoring.
   *
   * @return the free permits
   */
  public final int availablePermits() {
    return sync.permits();
  }

  /**
   * Takes every free permit and returns how many; to a detector, the calling thread then holds them, as if it
   * had acquired them.
    *
    * @return the number of permits taken
   */
  public final int drainPermits() {
    int drained = sync.drain();
    if (node != null && drained > 0) {
      node.acquiredWithoutBlocking(drained);
    }
    return drained;
  }

  /**
   * Whether the semaphore is fair.
   *
   * @return whether the semaphore is fair
   */
  public final boolean isFair() {
    return sync.isFair();
  }

  /**
   * Whether any thread is waiting; for monitoring and tests.
   *
   * @return whether some thread waits
   */
  public final boolean hasQueuedThreads() {
    return sync.hasQueuedThreads();
  }

  /**
   * Whether {@code thread} is waiting; for monitoring and tests.
   *
   * @param thread the thread asked about
   * @return whether {@code thread} waits
   */
  public final boolean hasQueuedThread(Thread thread) {
    return sync.isQueued(requireNonNull(thread, "thread"));
  }

  /**
   * An estimate of how many threads are waiting.
   *
   * @return the number of waiting threads, an estimate
   */
  public final int getQueueLength() {
    return sync.getQueueLength();
  }

  /**
   * The threads that may be waiting, in no particular order; a best-effort snapshot for monitoring
   * ({@code Semaphore.getQueuedThreads()}, protected there).
    *
    * @return the waiting threads
   */
  public final Collection<Thread> getQueuedThreads() {
    return sync.getQueuedThreads();
  }

  /**
   * The semaphore's name: the one given to a detector, or the class name and identity.
   *
   * @return the name
   */
  public final String name() {
    return name;
  }

  /** The name and the free permits, as {@code Semaphore} shows them: {@code [Permits = 3]}. */
  @Override
  public String toString() {
    return name + "[Permits = " + sync.permits() + "]";
  }

  /**
   * Serializes the semaphore as {@code Semaphore} does: what comes back has the same free permits, bound and
   * fairness, and nobody waiting.
   *
    * @return the serialized form
   * @throws java.io.NotSerializableException if a detector made the semaphore: its graphs do not travel
   */
  @Serial
  final Object writeReplace() throws ObjectStreamException {
    return SerializedLock.of(this);
  }

  /**
   * Refuses a stream that holds the semaphore itself rather than its serialized form: such a stream was not written
   * by this class.
   *
   * @param in the stream
   * @throws InvalidObjectException always
   */
  @Serial
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a semaphore is read through its serialized form");
  }

  /** Whether a detector made this semaphore. */
  final boolean isTracked() {
    return node != null;
  }

  /** The most permits it may hold ({@link Integer#MAX_VALUE} when unbounded). */
  final int boundOrMax() {
    return sync.bound();
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

    /**
     * How many permits this handle holds.
     *
     * @return the number of permits
     */
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
