package dev.concurrency.async.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.CancelledError;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for the tasks of one event loop: tasks holding its lock wait until another task changes
 * the shared state and notifies them.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=condition}
 *
 * <p><b>Semantics.</b> {@link #await()} requires the lock, releases it, suspends until notified, and takes the
 * lock again before it returns, whatever happened meanwhile. {@link #notify(int)} wakes up to {@code n}
 * waiting tasks in FIFO order, {@link #notifyAllWaiters()} all of them; both require the lock. Since a woken task
 * re-acquires the lock after others may have run, check the state again: {@link #waitFor} does that loop.
 *
 * <p><b>Cancellation.</b> A task cancelled while waiting, or while re-acquiring the lock, still re-acquires the
 * lock before {@link CancelledError} leaves {@code await()}, so a {@code try (cond)} around it stays correct.
 * Since it may have been notified just before, it then wakes one other waiter, so no notification is lost
 * (CPython gh-112202); that waiter may find nothing changed, a spurious wake-up that {@link #waitFor} absorbs.
 *
 * <p><b>Thread-safety.</b> Loop-confined; the underlying {@link AsyncLock} may be shared by several conditions.
 *
 * <p><b>Memory consistency.</b> As for its {@link AsyncLock}: what a task did before releasing the lock
 * (including through {@code await()}) happens-before what the next holder does.
 *
 * <p><b>Python:</b> {@code asyncio.Condition}. Differences: {@code wait()}/{@code wait_for()}/{@code
 * notify_all()} are {@link #await()}/{@link #waitFor}/{@link #notifyAllWaiters()}, because {@code wait()},
 * {@code notify()} and {@code notifyAll()} are final methods of {@link Object} (so this class's {@code notify}
 * always takes the count); calling them without the lock throws {@link IllegalStateException} (Python: {@code
 * RuntimeError}). Not {@link java.util.concurrent.locks.Condition}, which blocks threads.
 */
public final class AsyncCondition implements AutoCloseable {

  private final AsyncLock lock;
  private final WaiterQueue waiters = new WaiterQueue();

  /**
   * A condition with its own new lock. */
  public AsyncCondition() {
    this(new AsyncLock());
  }

  /**
   * A condition over an existing lock (several conditions may share one).
   *
   * @param lock the lock the condition uses
   */
  public AsyncCondition(AsyncLock lock) {
    this.lock = requireNonNull(lock, "lock");
  }

  /**
   * Acquires the underlying lock; see {@link AsyncLock#acquire()}.
   *
   * @return {@code true}, as asyncio does
   */
  public boolean acquire() {
    return lock.acquire();
  }

  /** Releases the underlying lock; see {@link AsyncLock#release()}. */
  public void release() {
    lock.release();
  }

  /** Whether the underlying lock is held.
   *
   * @return {@code true} if some task holds the lock
   */
  public boolean locked() {
    return lock.locked();
  }

  /** Releases the underlying lock, so that {@code try (cond)} after {@link #acquire()} is {@code async with}. */
  @Override
  public void close() {
    lock.release();
  }

  /**
   * Releases the lock, suspends until notified, and re-acquires the lock.
   *
   * <p>Ends in one of these ways, always holding the lock again: returns {@code true} when notified; throws
   * {@link CancelledError} if the task was cancelled while waiting or while re-acquiring.
   *
   * @return {@code true}, as asyncio does
   * @throws IllegalStateException if the lock is not held, if called outside a task, or from another loop than
   *     the one this condition first waited in (the lock is still held then)
   */
  public boolean await() {
    requireLocked("await");
    waiters.bind("await"); // fails here, still holding the lock, if called outside a task or from another loop
    lock.release();
    Throwable failure = null;
    try {
      waiters.await("await", f -> {});
    } catch (RuntimeException | Error e) {
      failure = e; // a cancellation, in practice
    }
    // The lock must be held again however the wait ended; asyncio retries through cancellations.
    CancelledError cancelledWhileReacquiring = null;
    for (;;) {
      try {
        lock.acquire();
        break;
      } catch (CancelledError e) {
        cancelledWhileReacquiring = e;
      }
    }
    Throwable error = cancelledWhileReacquiring != null ? cancelledWhileReacquiring : failure;
    if (error != null) {
      // This task may have been notified before it failed: pass a notification on, so that none is lost (a
      // spurious wake-up for the next waiter at worst, which waitFor absorbs). CPython gh-112202.
      waiters.wake(1, false);
      if (error instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) error; // the waits above throw nothing checked
    }
    return true;
  }

  /**
   * Waits until {@code predicate} is true: checks it, and while false, {@link #await()}s and checks again.
   *
   * @param predicate the state to wait for; checked with the lock held (or before, if true at once)
   * @return {@code true} (the predicate's last value)
   * @throws IllegalStateException if the lock is not held
   * @throws CancelledError if the task is cancelled while waiting (the lock is held again)
   */
  public boolean waitFor(BooleanSupplier predicate) {
    requireNonNull(predicate, "predicate");
    while (!predicate.getAsBoolean()) {
      await();
    }
    return true;
  }

  /**
   * Wakes up to {@code n} waiting tasks, in the order they started waiting.
   *
   * @param n how many tasks to wake at most
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException if the lock is not held
   */
  public void notify(int n) {
    checkArgument(n >= 0, "notify(n) needs n >= 0, got %s", n);
    requireLocked("notify");
    waiters.wake(n, false);
  }

  /**
   * Wakes every waiting task.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void notifyAllWaiters() {
    requireLocked("notifyAll");
    waiters.wake(Integer.MAX_VALUE, false);
  }

  private void requireLocked(String what) {
    if (!lock.locked()) {
      throw new IllegalStateException(what + "() on a condition whose lock is not acquired; call acquire() first");
    }
  }

  @Override
  public String toString() {
    return "AsyncCondition[" + (lock.locked() ? "locked" : "unlocked") + waiters.describeCount() + "]";
  }
}
