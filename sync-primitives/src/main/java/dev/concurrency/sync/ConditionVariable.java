package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * A lock and one condition on it, used together to wait until some state holds: Python's
 * {@code threading.Condition}.
 *
 * <pre>{@code
 * ConditionVariable cv = ConditionVariable.create();
 * // consumer
 * cv.lock();
 * try {
 *   cv.waitFor(() -> !queue.isEmpty(), Duration.ofSeconds(1));
 *   ...
 * } finally {
 *   cv.unlock();
 * }
 * // producer: cv.lock(); try { queue.add(x); cv.signal(); } finally { cv.unlock(); }
 * }</pre>
 *
 * <p>Waiting releases the lock fully (even a reentrant lock held several times), and re-takes it before
 * returning, however the wait ends: signalled, timed out, interrupted ({@link InterruptedException}), or
 * spuriously; so always wait in a loop, or with {@link #waitFor}. Waiting or signalling without holding the
 * lock throws {@link IllegalMonitorStateException}.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: those of the lock: actions before {@code unlock()} (or before a wait,
 * which releases) <i>happen-before</i> actions after the next thread takes it.
 *
 * <p><b>Python:</b> {@code threading.Condition}. Object's {@code wait}, {@code notify} and {@code notifyAll}
 * are final, so they are named as in {@link Condition}: {@code wait(timeout)} is {@link #await(Duration)},
 * {@code notify(n)} is {@link #signal(int)}, {@code notify_all()} is {@link #signalAll()},
 * {@code wait_for(predicate, timeout)} is {@link #waitFor(BooleanSupplier, Duration)}. As in Python the
 * default lock is reentrant.
 */
public final class ConditionVariable {

  private final Lock lock;
  private final Condition condition;

  private ConditionVariable(Lock lock) {
    this.lock = requireNonNull(lock, "lock");
    this.condition = lock.newCondition();
  }

  /** A condition variable on a new barging {@link ReentrantMutex}, as Python's default {@code RLock}. */
  public static ConditionVariable create() {
    return new ConditionVariable(ReentrantMutex.create());
  }

  /**
   * A condition variable on {@code lock}, which must support {@link Lock#newCondition()} (a {@link Mutex},
   * {@link ReentrantMutex}, or {@code ReentrantLock}).
   */
  public static ConditionVariable using(Lock lock) {
    return new ConditionVariable(lock);
  }

  /** The lock this condition variable waits on. */
  public Lock lock() {
    return lock;
  }

  /** Takes the lock; see {@link Lock#lock()}. */
  public void acquire() {
    lock.lock();
  }

  /** Releases the lock; see {@link Lock#unlock()}. */
  public void release() {
    lock.unlock();
  }

  /** Releases the lock and waits for a signal (or a spurious wake-up), then re-takes the lock. */
  public void await() throws InterruptedException {
    condition.await();
  }

  /**
   * As {@link #await()}, for at most {@code timeout}.
   *
   * @return false if the timeout elapsed, true if woken before (which does not mean the state changed)
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return condition.awaitNanos(Durations.nanos(timeout)) > 0;
  }

  /** Waits, re-checking after every wake-up, until {@code predicate} is true; the lock must be held. */
  public void waitFor(BooleanSupplier predicate) throws InterruptedException {
    requireNonNull(predicate, "predicate");
    while (!predicate.getAsBoolean()) {
      condition.await();
    }
  }

  /**
   * Waits, re-checking after every wake-up, until {@code predicate} is true or {@code timeout} has elapsed
   * in all; the lock must be held, and is held when this returns.
   *
   * @return the predicate's last value: false means the timeout elapsed with the state still unmet
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    requireNonNull(predicate, "predicate");
    long left = Durations.nanos(timeout);
    boolean met = predicate.getAsBoolean();
    while (!met && left > 0) {
      left = condition.awaitNanos(left);
      met = predicate.getAsBoolean();
    }
    return met;
  }

  /** Wakes one waiting thread, if any; the lock must be held. */
  public void signal() {
    condition.signal();
  }

  /**
   * Wakes up to {@code n} waiting threads, longest-waiting first; the lock must be held.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot wake a negative number of threads: " + n);
    }
    for (int i = 0; i < n; i++) {
      condition.signal();
    }
  }

  /** Wakes every waiting thread; the lock must be held. */
  public void signalAll() {
    condition.signalAll();
  }
}
