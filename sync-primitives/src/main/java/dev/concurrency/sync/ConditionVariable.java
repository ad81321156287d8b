package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * A lock and a queue of threads waiting on it until some state holds: Python's {@code threading.Condition}.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=conditionVariable}
 *
 * <p>Waiting releases the lock fully (even a reentrant lock held several times), and re-takes it before
 * returning, however the wait ends. A wait ends when a signal picks this thread (then {@link #await(Duration)}
 * returns {@code true}), when its timeout elapses ({@code false}), or when the thread is interrupted
 * ({@link InterruptedException}; if a signal picked the thread first, the wait returns normally instead and the
 * interrupt stays set, so no signal is lost). There are no spurious wake-ups: a signal picks the
 * longest-waiting threads, exactly as many as asked for while there are waiters, and each picked thread's wait
 * returns {@code true} even if its timeout elapses as it is picked. Still, wait in a loop, or with
 * {@link #waitFor}: being woken says that something changed, not that the state holds. Waiting, signalling or
 * asking about the waiters without holding the lock throws {@link IllegalMonitorStateException}.
 *
 * <p>The non-blocking and timed forms are Python's: {@code acquire(blocking=False)} is {@link #tryAcquire()},
 * {@code acquire(timeout=t)} is {@link #tryAcquire(Duration)}, {@code wait(0)} is {@code await(Duration.ZERO)}
 * (it gives the lock up and takes it back, and returns {@code false} unless already signalled).
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: those of the lock: actions before {@code release()} (or before a wait,
 * which releases) <i>happen-before</i> actions after the next thread takes it.
 *
 * <p><b>Python:</b> {@code threading.Condition}. Object's {@code wait}, {@code notify} and {@code notifyAll}
 * are final, so they are named as in {@link Condition}: {@code wait(timeout)} is {@link #await(Duration)},
 * {@code notify(n)} is {@link #signal(int)}, {@code notify_all()} is {@link #signalAll()},
 * {@code wait_for(predicate, timeout)} is {@link #waitFor(BooleanSupplier, Duration)}. As in Python the default
 * lock is reentrant. Python also accepts a plain {@code Lock} (ownerless); here the lock must have an owner and
 * conditions: a {@link Mutex}, a {@link ReentrantMutex}, a {@link ReadWriteMutex.WriteLock}, or a JDK lock.
 * Unlike CPython, where a waiter that times out just as it is notified can swallow the notification, a signal
 * here is never lost.
 */
public final class ConditionVariable {

  private final Lock lock;

  /** Never awaited: signalling it is how a thread proves it holds the lock (it throws otherwise). */
  private final Condition holdCheck;

  // @GuardedBy("lock")
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /** One waiting thread, woken through a condition of its own, so that a signal wakes exactly that thread. */
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final Condition wakeUp;
    // @GuardedBy("lock")
    boolean signalled;

    Waiter(Lock lock) {
      this.wakeUp = lock.newCondition();
    }
  }

  private ConditionVariable(Lock lock) {
    this.lock = requireNonNull(lock, "lock");
    this.holdCheck = lock.newCondition();
  }

  /**
   * A condition variable on a new barging {@link ReentrantMutex}, as Python's default {@code RLock}.
   *
   * @return the condition variable
   */
  public static ConditionVariable create() {
    return new ConditionVariable(ReentrantMutex.create());
  }

  /**
   * A condition variable on {@code lock}, which must have an owner and conditions (a {@link Mutex},
   * {@link ReentrantMutex}, {@link ReadWriteMutex.WriteLock}, or {@code ReentrantLock}).
   *
    * @param lock the lock to wait on
    * @return the condition variable
   * @throws UnsupportedOperationException if the lock has no conditions (an {@link OwnerlessLock}, a read lock)
   */
  public static ConditionVariable using(Lock lock) {
    return new ConditionVariable(lock);
  }

  /**
   * The lock this condition variable waits on.
   *
   * @return the lock
   */
  public Lock lock() {
    return lock;
  }

  /** Takes the lock, waiting as long as it takes; see {@link Lock#lock()}. */
  public void acquire() {
    lock.lock();
  }

  /**
   * Takes the lock if it is free now (Python's {@code acquire(blocking=False)}); see {@link Lock#tryLock()}.
   *
   * @return whether the lock was taken
   */
  public boolean tryAcquire() {
    return lock.tryLock();
  }

  /**
   * Takes the lock if it becomes free within {@code timeout} (Python's {@code acquire(timeout=t)}).
   *
    * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
   * @return whether the lock was taken
   * @throws InterruptedException if interrupted while waiting; the lock is not taken
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    return lock.tryLock(Durations.nanos(timeout), TimeUnit.NANOSECONDS);
  }

  /** Releases the lock; see {@link Lock#unlock()}. */
  public void release() {
    lock.unlock();
  }

  /**
   * Releases the lock and waits until a signal picks this thread, then re-takes the lock.
   *
   * @throws InterruptedException if interrupted before a signal picked this thread
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public void await() throws InterruptedException {
    waitFor(Long.MAX_VALUE, /* timed= */ false);
  }

  /**
   * As {@link #await()}, for at most {@code timeout}; {@link Duration#ZERO} gives the lock up and takes it back
   * without waiting.
   *
    * @param timeout how long to wait at most
   * @return true if a signal picked this thread, false if the timeout elapsed first
   * @throws InterruptedException if interrupted before a signal picked this thread
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return waitFor(Durations.nanos(timeout), /* timed= */ true);
  }

  private boolean waitFor(long nanos, boolean timed) throws InterruptedException {
    holdCheck.signal();
    Waiter me = new Waiter(lock);
    waiters.addLast(me);
    try {
      long left = nanos;
      do {
        if (timed) {
          left = me.wakeUp.awaitNanos(left);
        } else {
          me.wakeUp.await();
        }
      } while (!me.signalled && (!timed || left > 0));
      return me.signalled;
    } catch (InterruptedException interrupted) {
      if (me.signalled) {
        Thread.currentThread().interrupt(); // picked before the interrupt: keep the signal, keep the interrupt
        return true;
      }
      throw interrupted;
    } finally {
      if (!me.signalled) {
        waiters.remove(me);
      }
    }
  }

  /**
   * Waits, re-checking after every wake-up, until {@code predicate} is true; the lock must be held.
   *
    * @param predicate the state to wait for, evaluated holding the lock
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public void waitFor(BooleanSupplier predicate) throws InterruptedException {
    requireNonNull(predicate, "predicate");
    while (!predicate.getAsBoolean()) {
      await();
    }
  }

  /**
   * Waits, re-checking after every wake-up, until {@code predicate} is true or {@code timeout} has elapsed in
   * all; the lock must be held, and is held when this returns. The predicate is evaluated first, so a true
   * predicate returns at once without giving up the lock.
   *
    * @param predicate the state to wait for, evaluated holding the lock
    * @param timeout how long to wait in all
   * @return the predicate's last value: false means the timeout elapsed with the state still unmet
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    requireNonNull(predicate, "predicate");
    long nanos = Durations.nanos(timeout);
    long deadline = System.nanoTime() + nanos;
    boolean met = predicate.getAsBoolean();
    while (!met) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      waitFor(left, /* timed= */ true);
      met = predicate.getAsBoolean();
    }
    return met;
  }

  /**
   * Wakes the longest-waiting thread, if any; the lock must be held.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiting threads, longest-waiting first; the lock must be held.
   *
    * @param n the most threads to wake
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot wake a negative number of threads: " + n);
    }
    holdCheck.signal();
    for (int i = 0; i < n && !waiters.isEmpty(); i++) {
      Waiter picked = waiters.pollFirst();
      picked.signalled = true;
      picked.wakeUp.signal();
    }
  }

  /**
   * Wakes every waiting thread; the lock must be held.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public void signalAll() {
    holdCheck.signal();
    signal(waiters.size());
  }

  /**
   * Whether any thread is waiting; the lock must be held.
   *
    * @return whether some thread waits
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public boolean hasWaiters() {
    holdCheck.signal();
    return !waiters.isEmpty();
  }

  /**
   * How many threads are waiting (and not yet picked by a signal); the lock must be held.
   *
    * @return the number of waiting threads
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public int getWaitQueueLength() {
    holdCheck.signal();
    return waiters.size();
  }

  /**
   * The threads waiting (and not yet picked by a signal), longest-waiting first; the lock must be held.
   *
    * @return the waiting threads, immutable
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  public Collection<Thread> getWaitingThreads() {
    holdCheck.signal();
    List<Thread> threads = new ArrayList<>(waiters.size());
    for (Waiter waiter : waiters) {
      threads.add(waiter.thread);
    }
    return List.copyOf(threads);
  }

  /** The lock, as it shows itself. */
  @Override
  public String toString() {
    return "ConditionVariable[" + lock + "]";
  }
}
