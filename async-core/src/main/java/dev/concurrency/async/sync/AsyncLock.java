package dev.concurrency.async.sync;

/**
 * A mutual-exclusion lock for the tasks of one event loop: at most one task holds it, the others wait in FIFO
 * order.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=lock}
 *
 * <p><b>Semantics.</b> {@link #acquire()} returns at once if the lock is free and no task is queued for it;
 * otherwise the task joins the tail of the queue and suspends. {@link #release()} wakes the first queued task;
 * the lock stays formally free until that task resumes and takes it, but a newcomer cannot slip in meanwhile
 * (the woken task is still queued), so the order is FIFO. The lock has no owner (as in
 * asyncio): any task may release it, and it is not reentrant; a task that acquires it twice waits forever.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the queue and {@code acquire()} throws {@link
 * dev.concurrency.async.CancelledError}; if it had already been woken, it passes the wake-up on to the next
 * waiter, so a cancelled waiter never strands the others (CPython bpo-27585; gh-90155 is the same bug in
 * {@code Semaphore}).
 *
 * <p><b>Thread-safety.</b> Loop-confined: use it only from the tasks of one event loop (the first loop that
 * waits on it; another loop gets an {@link IllegalStateException}). It is not a thread lock: it never blocks a
 * thread, and threads outside the loop must not touch it.
 *
 * <p><b>Memory consistency.</b> Everything a task did before {@code release()} happens-before what the next
 * holder does after its {@code acquire()} returns (the loop's baton orders them; see {@link
 * dev.concurrency.async.sync the package}).
 *
 * <p><b>Python:</b> {@code asyncio.Lock}. Differences: {@code async with lock} is {@code acquire()} followed by
 * {@code try (lock)}; releasing an unlocked lock throws {@link IllegalStateException} (Python: {@code
 * RuntimeError}). The name avoids {@link java.util.concurrent.locks.Lock}, which blocks threads.
 */
public final class AsyncLock implements AutoCloseable {

  /*
   * Why FIFO holds: acquire() takes the lock directly only when every queued future is cancelled. A released
   * lock whose head waiter was woken but has not resumed yet is "free" yet has a non-cancelled future queued,
   * so a newcomer queues behind it. Waking touches only the head of the queue, and only if its future is
   * pending: a head that is done is either woken already or cancelled, and in both cases its task resumes soon,
   * leaves the queue, and (if it will not take the lock) wakes the new head itself. So one release wakes at most
   * one task, even when a cancellation and a release meet (bpo-32734).
   */

  private final WaiterQueue waiters = new WaiterQueue();
  private boolean locked;

  /**
   * A new, unlocked lock. */
  public AsyncLock() {}

  /** Whether some task holds the lock.
   *
   * @return {@code true} while some task holds it
   */
  public boolean locked() {
    return locked;
  }

  /**
   * Acquires the lock, suspending the calling task until it is this task's turn.
   *
   * <p>Ends in one of these ways: returns {@code true} holding the lock (at once if it was free and nobody was
   * queued); throws {@link dev.concurrency.async.CancelledError} if the task is cancelled while it waits, not
   * holding the lock.
   *
   * @return {@code true}, as asyncio does
   * @throws IllegalStateException if called outside a task, or from a loop other than the one this lock is
   *     bound to
   */
  public boolean acquire() {
    if (!locked && waiters.allCancelled()) {
      WaiterQueue.requireTaskLoop("acquire"); // binds nothing: asyncio binds a primitive when it first waits
      locked = true;
      return true;
    }
    waiters.await(
        "acquire",
        f -> {
          if (!locked) {
            waiters.wakeHead(); // a wake-up meant for us goes to the next waiter
          }
        });
    locked = true;
    return true;
  }

  /**
   * Releases the lock and wakes the first waiting task. Callable from any task or callback of the loop.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void release() {
    if (!locked) {
      throw new IllegalStateException("release() of an AsyncLock that is not acquired; call acquire() first");
    }
    locked = false;
    waiters.wakeHead();
  }

  /** Releases the lock, so that {@code try (lock)} after {@link #acquire()} is {@code async with lock}. */
  @Override
  public void close() {
    release();
  }

  @Override
  public String toString() {
    return "AsyncLock[" + (locked ? "locked" : "unlocked") + waiters.describeCount() + "]";
  }
}
