package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Tracker;
import dev.concurrency.sync.internal.Tracking;
import java.util.function.Consumer;

/**
 * A factory of locks and semaphores that watch how they are used and report deadlocks: potential ones
 * (lock-order cycles, before any thread blocks) and real ones (a thread about to wait for what can never come).
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=deadlockDetector}
 *
 * <p><b>Potential deadlocks</b> (lockdep-style). An edge {@code A -> B} is recorded whenever a thread takes
 * {@code B} while holding {@code A}. The first blocking acquisition whose edge would close a cycle is reported
 * as a {@link PotentialDeadlockException} that lists the cycle with the stack where each edge was first taken.
 * Under {@link DeadlockPolicy#THROW} the acquisition is refused before the lock is taken (and refused again on
 * every later attempt); under {@code WARN} the report goes to the warning handler once per edge and the lock is
 * taken. One thread suffices to find the bug: nothing needs to collide. Ownerless locks, semaphores and
 * read-write locks are covered (a hold counts against the thread that acquired; the two locks of a
 * {@link ReadWriteMutex} are one lock here), which {@code ThreadMXBean.findDeadlockedThreads} cannot see. The
 * untimed {@code tryLock()}/{@code tryAcquire()} record holds but add no edge, since they never wait; a
 * reentrant re-acquisition adds none either.
 *
 * <p><b>Real deadlocks</b> ({@link Builder#detectDeadlocks(boolean)}, on by default). A thread about to block on
 * one of these locks first checks the wait-for graph, and throws {@link DeadlockException} instead of blocking
 * if its wait could never be granted. A cycle of waits is a deadlock only when every resource on it has a
 * single unit: with a semaphore of several permits, a thread outside the cycle can give a permit back and
 * break it (Silberschatz's resource-allocation graph with a cycle and no deadlock). So the test is exact: Holt's
 * graph reduction, the textbook detection algorithm. Every thread not blocked on a tracked lock is assumed to
 * finish and give back what it holds; a blocked thread can proceed if what it waits for is free once all the
 * threads that can proceed have done so, and, when a lock's queue makes it wait for the thread first in line,
 * once that thread can proceed. The threads that cannot are deadlocked, and the waiting thread throws only if
 * it is one of them: no thread is ever picked as a victim while it, or the others, could still proceed, and the
 * victim is always the thread whose wait completes the deadlock. A thread that ended while holding a lock never
 * gives it back. A timed wait ends by itself, so it never makes another thread a victim. A wait for more
 * semaphore permits than exist waits for a {@code release()} that adds permits, which no holder owes; it is
 * never reported.
 *
 * <p><b>One graph.</b> All detectors and {@link LockOrdering}s share one lock-order graph and one wait-for graph
 * per JVM, as Guava's {@code CycleDetectingLockFactory} instances do: a cycle through locks of two detectors is
 * found like one through a single detector's (this is what a deadlock is: the threads do not care which factory
 * made their locks). A detector only decides what happens when one of <i>its</i> locks is acquired: its policy
 * applies to the cycles closed by acquiring its locks, and with {@code detectDeadlocks(false)} its locks stay out
 * of the wait-for graph. Locks leave the graphs when nothing else refers to them (the graph holds them weakly).
 *
 * <p><b>Limits.</b> A thread waiting in a {@link java.util.concurrent.locks.Condition} is not seen as waiting
 * (the signal it waits for may come from anyone). The wait-for graph treats an ownerless lock and a semaphore
 * as resources their holders give back. A thread that gives back units it did not take becomes a producer of
 * that lock, and from then on waits for it are not reported while the producer can run (Holt's consumable
 * resources); a wait for more permits than exist is never reported. What the graph cannot foresee is a first
 * release by a thread that never took a permit: a consumer that waits while every permit is held by blocked
 * or ended threads, before the producer's first release, is reported. Semaphores and ownerless locks used
 * purely as channels between threads (producer and consumer) belong to a detector built with
 * {@code detectDeadlocks(false)}; lock-order checking still works. A release of a semaphore by a thread that
 * holds none of its permits gives back the oldest holder's permits, as tokens in a queue would be.
 *
 * <p><b>Performance.</b> Untracked locks pay nothing. A tracked lock pays, per acquisition, a thread-local
 * lookup, an uncontended monitor on the thread's list of held locks, and one concurrent-map lookup per lock
 * already held; the common path of a tracked {@link Mutex} allocates nothing. A new edge also pays, once, a
 * stack trace and a search of the graph. A blocking acquisition pays the wait-for check under one global
 * monitor: a look at the lock's holders when nobody blocked holds it, else the full reduction, {@code O((B + H)
 * log B)} for {@code B} blocked threads holding {@code H} tracked locks. Measured with JMH 1.37
 * ({@code SyncBenchmark}, JDK 25.0.3, 2-core shared machine under other builds' load, 2026-11-24): one
 * uncontended lock/unlock of a {@link Mutex} took about 4.4 ns untracked and 41 ns from a detector (24 M against
 * 229 M ops/s; a noisier run gave 54 ns); two nested lock/unlock pairs took about 10 ns untracked and 83 ns
 * tracked. Guava's 2011 figure for its cycle detector was 38 ns against 24 ns. The module README ("Detector
 * cost") has the figures for the wait-for check with 1,000 threads and 1,000 locks, and the commands.
 *
 * <p>This class is thread-safe; so are the locks it makes. Memory consistency effects: the locks it makes keep
 * the guarantees of the locks they wrap (see the <a href="package-summary.html#MemoryVisibility">package
 * summary</a>); the bookkeeping adds none, and a refused acquisition establishes nothing.
 *
 * <p><b>Python:</b> none built in. The design follows the Linux kernel's lockdep and Guava's
 * {@code CycleDetectingLockFactory} for potential deadlocks, and Holt (1972) for real ones.
 */
public final class DeadlockDetector {

  private static final System.Logger LOG = System.getLogger(DeadlockDetector.class.getName());

  private final Tracker tracker;

  private DeadlockDetector(Builder builder) {
    this.tracker = Tracker.detector(builder.policy, builder.warnings, builder.detectDeadlocks);
  }

  /**
   * A detector with the given policy for lock-order cycles, also detecting real deadlocks.
   *
   * @param policy what to do about a lock-order cycle
   * @return the detector
   */
  public static DeadlockDetector create(DeadlockPolicy policy) {
    return builder().policy(policy).build();
  }

  /**
   * A builder: policy THROW, real-deadlock detection on, warnings to the log.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A barging {@link Mutex} watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @return the mutex
   */
  public Mutex newMutex(String name) {
    return newMutex(name, Fairness.BARGING);
  }

  /**
   * A {@link Mutex} with the given fairness, watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the mutex
   */
  public Mutex newMutex(String name, Fairness fairness) {
    return new Mutex(fairness, tracking(name));
  }

  /**
   * A barging {@link ReentrantMutex} watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @return the mutex
   */
  public ReentrantMutex newReentrantMutex(String name) {
    return newReentrantMutex(name, Fairness.BARGING);
  }

  /**
   * A {@link ReentrantMutex} with the given fairness, watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the mutex
   */
  public ReentrantMutex newReentrantMutex(String name, Fairness fairness) {
    return new ReentrantMutex(fairness, tracking(name));
  }

  /**
   * A barging {@link OwnerlessLock} watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @return the lock
   */
  public OwnerlessLock newOwnerlessLock(String name) {
    return newOwnerlessLock(name, Fairness.BARGING);
  }

  /**
   * An {@link OwnerlessLock} with the given fairness, watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the lock
   */
  public OwnerlessLock newOwnerlessLock(String name, Fairness fairness) {
    return new OwnerlessLock(fairness, tracking(name));
  }

  /**
   * A barging {@link ReadWriteMutex} watched by this detector: its two locks are one lock to the graphs.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @return the read-write lock
   */
  public ReadWriteMutex newReadWriteMutex(String name) {
    return newReadWriteMutex(name, Fairness.BARGING);
  }

  /**
   * A {@link ReadWriteMutex} with the given fairness, watched by this detector.
   *
   * @param name the lock's name, as reports and exceptions show it
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the read-write lock
   */
  public ReadWriteMutex newReadWriteMutex(String name, Fairness fairness) {
    return new ReadWriteMutex(fairness, tracking(name));
  }

  /**
   * A barging {@link CountingSemaphore} with {@code permits} permits, watched by this detector.
   *
    * @param name the semaphore's name, as reports and exceptions show it
    * @param permits the free permits at the start
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public CountingSemaphore newSemaphore(String name, int permits) {
    return newSemaphore(name, permits, Fairness.BARGING);
  }

  /**
   * A {@link CountingSemaphore} with {@code permits} permits and the given fairness, watched by this detector.
   *
    * @param name the semaphore's name, as reports and exceptions show it
    * @param permits the free permits at the start
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public CountingSemaphore newSemaphore(String name, int permits, Fairness fairness) {
    return new CountingSemaphore(permits, Integer.MAX_VALUE, fairness, tracking(name));
  }

  /**
   * A barging {@link BoundedSemaphore} with {@code permits} permits, watched by this detector.
   *
    * @param name the semaphore's name, as reports and exceptions show it
    * @param permits the free permits at the start, and the bound
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public BoundedSemaphore newBoundedSemaphore(String name, int permits) {
    return newBoundedSemaphore(name, permits, Fairness.BARGING);
  }

  /**
   * A {@link BoundedSemaphore} with {@code permits} permits and the given fairness, watched by this detector.
   *
    * @param name the semaphore's name, as reports and exceptions show it
    * @param permits the free permits at the start, and the bound
    * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public BoundedSemaphore newBoundedSemaphore(String name, int permits, Fairness fairness) {
    return new BoundedSemaphore(permits, fairness, tracking(name));
  }

  private Tracking tracking(String name) {
    return new Tracking(requireNonNull(name, "name"), 0, tracker);
  }

  /** Configuration of a {@link DeadlockDetector}; not thread-safe. */
  public static final class Builder {

    private DeadlockPolicy policy = DeadlockPolicy.THROW;
    private boolean detectDeadlocks = true;
    private Consumer<PotentialDeadlockException> warnings =
        problem -> LOG.log(System.Logger.Level.WARNING, problem.getMessage(), problem);

    private Builder() {}

    /**
     * What to do about a lock-order cycle closed by taking one of this detector's locks; THROW by default.
     *
     * @param policy THROW, WARN or DISABLED
     * @return this builder
     */
    public Builder policy(DeadlockPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Whether this detector's locks take part in the wait-for graph, so that a wait that could never be
     * granted throws {@link DeadlockException}; on by default. Switch it off for locks and semaphores that
     * signal between threads (released by a thread that did not take them).
      *
      * @param detectDeadlocks whether the locks take part in the wait-for graph
      * @return this builder
     */
    public Builder detectDeadlocks(boolean detectDeadlocks) {
      this.detectDeadlocks = detectDeadlocks;
      return this;
    }

    /**
     * Where WARN reports go; by default the {@code System.Logger} of this class, at WARNING.
     *
     * @param warnings the handler of WARN reports, called outside every lock
     * @return this builder
     */
    public Builder warnings(Consumer<PotentialDeadlockException> warnings) {
      this.warnings = requireNonNull(warnings, "warnings");
      return this;
    }

    /**
     * The detector.
     *
     * @return the detector
     */
    public DeadlockDetector build() {
      return new DeadlockDetector(this);
    }
  }
}
