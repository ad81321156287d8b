package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.ConditionCore;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.RobustLock;
import dev.concurrency.processes.internal.WaiterTable;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable that works across processes: threads of any process wait on it, holding its
 * {@linkplain #getLock() lock}, until another thread of any process signals it.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedCondition}
 *
 * <p><b>Semantics.</b> As {@link Condition}: a thread must hold the lock to {@code await} and to signal;
 * {@code await} releases the lock (every hold of a reentrant one), waits, and holds the lock again before it
 * returns, however it returns. {@link #signal(int) signal(n)} wakes the {@code n} threads that have waited longest
 * (all of them if fewer wait); a waiter that timed out or was interrupted is never counted. A waiter whose process
 * died is skipped, and a lock whose holder died is taken over (see {@link SharedLock}). Waiters poll shared
 * memory. At most {@link #DEFAULT_MAX_WAITERS} threads wait at once by default; a thread that would be one more
 * gets an {@link IllegalStateException} naming the setting ({@link #create(SharedRLock, int)} raises it).
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: as the lock's; a signal made
 * holding the lock <i>happens-before</i> the signalled waiter's return.
 *
 * <p><b>Python:</b> {@code multiprocessing.Condition(lock=None)}: {@code acquire}/{@code release} are
 * {@link #lock()}/{@link #unlock()}, {@code wait(timeout)} is {@link #await(Duration)}, {@code wait_for} is
 * {@link #waitFor}, {@code notify(n)} is {@link #signal(int)}, {@code notify_all} is {@link #signalAll()}; the
 * default lock is a reentrant one, as there. Differences: waiting or notifying without the lock throws
 * {@link IllegalMonitorStateException} (Python: {@code RuntimeError} or {@code AssertionError}); the number of
 * waiters at once is bounded.
 */
public final class SharedCondition implements Condition, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** How many threads may wait at once unless the condition was made with another bound. */
  public static final int DEFAULT_MAX_WAITERS = 256;

  /** The condition's lock. */
  private final SharedMutex lock;
  /** The waiter table, in shared memory. */
  private final HeapBlock state;
  /** How many threads may wait at once. */
  private final int maxWaiters;
  private transient volatile @Nullable ConditionCore core;

  private SharedCondition(SharedMutex lock, int maxWaiters) {
    this.lock = requireNonNull(lock, "lock");
    if (maxWaiters < 1) {
      throw new IllegalArgumentException("maxWaiters must be >= 1, was " + maxWaiters);
    }
    this.maxWaiters = maxWaiters;
    this.state = HeapBlock.allocate(WaiterTable.words(maxWaiters) * Long.BYTES);
  }

  /** {@return a condition with a new {@link SharedRLock}, as Python's default} */
  public static SharedCondition create() {
    return new SharedCondition(SharedRLock.create(), DEFAULT_MAX_WAITERS);
  }

  /**
   * {@return a condition of {@code lock}}
   *
   * @param lock the condition's lock
   */
  public static SharedCondition create(SharedLock lock) {
    return new SharedCondition(lock, DEFAULT_MAX_WAITERS);
  }

  /**
   * {@return a condition of {@code lock}}
   *
   * @param lock the condition's lock
   */
  public static SharedCondition create(SharedRLock lock) {
    return new SharedCondition(lock, DEFAULT_MAX_WAITERS);
  }

  /**
   * A condition of {@code lock} on which at most {@code maxWaiters} threads wait at once.
   *
   * @param lock the condition's lock
   * @param maxWaiters how many threads may wait at once
   * @return the condition, in shared memory
   * @throws IllegalArgumentException if {@code maxWaiters} is not positive
   */
  public static SharedCondition create(SharedRLock lock, int maxWaiters) {
    return new SharedCondition(lock, maxWaiters);
  }

  /**
   * A condition of {@code lock} on which at most {@code maxWaiters} threads wait at once.
   *
   * @param lock the condition's lock
   * @param maxWaiters how many threads may wait at once
   * @return the condition, in shared memory
   * @throws IllegalArgumentException if {@code maxWaiters} is not positive
   */
  public static SharedCondition create(SharedLock lock, int maxWaiters) {
    return new SharedCondition(lock, maxWaiters);
  }

  static SharedCondition create(SharedMutex lock) {
    return new SharedCondition(lock, DEFAULT_MAX_WAITERS);
  }

  private ConditionCore core() {
    ConditionCore made = core;
    if (made == null) {
      made = new ConditionCore(lock.robust(),
          new WaiterTable(state.words(), maxWaiters, "maxWaiters (SharedCondition.create(lock, maxWaiters))"));
      core = made;
    }
    return made;
  }

  /** {@return the lock: a {@link SharedLock} or a {@link SharedRLock}} */
  public java.util.concurrent.locks.Lock getLock() {
    return lock;
  }

  /** Acquires the lock (see {@link SharedLock#lock()}). */
  public void lock() {
    lock.lock();
  }

  /** Releases the lock (see {@link SharedLock#unlock()}). */
  public void unlock() {
    lock.unlock();
  }

  /**
   * Waits until signalled or interrupted.
   *
   * @throws InterruptedException if interrupted while waiting; the lock is held again first
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  @Override
  public void await() throws InterruptedException {
    await(RobustLock.FOREVER);
  }

  /** Waits until signalled; an interrupt does not end the wait (it stays set). */
  @Override
  public void awaitUninterruptibly() {
    core().await(RobustLock.FOREVER, /* interruptible= */ false);
  }

  /**
   * Waits until signalled, interrupted, or {@code timeout} has passed (a negative one is zero).
   *
   * @param timeout how long to wait at most
   * @return {@code false} if the timeout passed first, as Python's {@code wait} returns
   * @throws InterruptedException if interrupted while waiting; the lock is held again first
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return await(Deadline.after(requireNonNull(timeout, "timeout")));
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return await(Duration.of(time, unit.toChronoUnit()));
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    await(Duration.ofNanos(nanosTimeout));
    return nanosTimeout - (System.nanoTime() - start);
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    return await(Duration.ofMillis(deadline.getTime() - System.currentTimeMillis()));
  }

  private boolean await(long deadline) throws InterruptedException {
    WaiterTable.Outcome outcome = core().await(deadline, /* interruptible= */ true);
    if (outcome == WaiterTable.Outcome.INTERRUPTED) {
      throw new InterruptedException("interrupted while waiting on a shared condition");
    }
    return outcome == WaiterTable.Outcome.NOTIFIED;
  }

  /**
   * Waits until {@code predicate} is true, re-checking it each time the condition is signalled, for at most
   * {@code timeout} in all (a negative one is zero); the predicate is checked first, holding the lock.
   *
   * @param predicate what to wait for, checked holding the lock
   * @param timeout how long to wait at most, in all
   * @return the predicate's last value
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    return waitFor(predicate, Deadline.after(requireNonNull(timeout, "timeout")));
  }

  /**
   * Waits until {@code predicate} is true, re-checking it each time the condition is signalled.
   *
   * @param predicate what to wait for, checked holding the lock
   * @return {@code true}
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean waitFor(BooleanSupplier predicate) throws InterruptedException {
    return waitFor(predicate, RobustLock.FOREVER);
  }

  private boolean waitFor(BooleanSupplier predicate, long deadline) throws InterruptedException {
    requireNonNull(predicate, "predicate");
    boolean result = predicate.getAsBoolean();
    while (!result && !Deadline.passed(deadline)) {
      await(deadline);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  /** Wakes the longest waiting thread, if any; see {@link #signal(int)}. */
  @Override
  public void signal() {
    signal(1);
  }

  /**
   * Wakes the {@code n} threads that have waited longest (all of them if fewer wait).
   *
   * @param n how many waiters to wake at most
   * @return how many were woken
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public int signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot wake a negative number of waiters: " + n);
    }
    return core().signal(n);
  }

  /**
   * Wakes every waiting thread.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  @Override
  public void signalAll() {
    core().signal(Integer.MAX_VALUE);
  }

  /** {@return how many threads of all processes wait on this condition now (a snapshot)} */
  public int waitingCount() {
    return core().waiting();
  }

  @Override
  public String toString() {
    return "<SharedCondition(" + lock + ", " + waitingCount() + " waiting)>";
  }
}
