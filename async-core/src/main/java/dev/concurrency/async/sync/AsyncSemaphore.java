package dev.concurrency.async.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A counting semaphore for the tasks of one event loop: a number of permits, taken by {@link #acquire()} and
 * given back by {@link #release()}, with waiting tasks served in FIFO order.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=semaphore}
 *
 * <p><b>Semantics.</b> The value is the number of free permits, never negative. {@code acquire()} takes one
 * at once if the value is positive and no task is queued; otherwise the task queues. {@code release()} adds one
 * and wakes the first queued task, giving it the permit directly (the value is decremented on its behalf), so
 * a newcomer cannot overtake it. An unbounded semaphore may be released more times than it was acquired: each
 * release adds a permit; {@link AsyncBoundedSemaphore} forbids that.
 *
 * <p><b>Cancellation.</b> A task cancelled while queued leaves the queue and {@code acquire()} throws {@link
 * dev.concurrency.async.CancelledError}. If it had already been handed a permit, the permit goes back and the
 * next waiter is woken, so no permit is lost and no waiter stranded (CPython gh-90155).
 *
 * <p><b>Thread-safety.</b> Loop-confined: only the tasks and callbacks of one event loop may use it; it never
 * blocks a thread.
 *
 * <p><b>Memory consistency.</b> Actions of a task before {@code release()} happen-before the actions of a task
 * after an {@code acquire()} that returns because of it (the loop's baton orders them).
 *
 * <p><b>Python:</b> {@code asyncio.Semaphore}. Differences: a negative initial value is an {@link
 * IllegalArgumentException} (Python: {@code ValueError}); {@code async with} is {@code acquire()} then {@code
 * try (semaphore)}. Named apart from {@link java.util.concurrent.Semaphore}, which blocks threads.
 */
public sealed class AsyncSemaphore implements AutoCloseable permits AsyncBoundedSemaphore {

  private final WaiterQueue waiters = new WaiterQueue();
  private int value;

  /**
   * A semaphore with {@code permits} free permits.
   *
   * @param permits the initial number of free permits
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncSemaphore(int permits) {
    checkArgument(permits >= 0, "a semaphore's initial value must be >= 0, got %s", permits);
    this.value = permits;
  }

  /**
   * A semaphore with one permit. */
  public AsyncSemaphore() {
    this(1);
  }

  /** The number of free permits.
   *
   * @return the free permits, never negative
   */
  public final int value() {
    return value;
  }

  /**
   * Whether {@link #acquire()} would suspend now: no free permit, or a task is queued that has not been
   * cancelled. A task that was handed a permit but has not resumed yet still counts, so a newcomer never
   * overtakes it (CPython 3.12's {@code _wakeup_next} bookkeeping).
   *
   * @return {@code true} if {@code acquire()} would suspend
   */
  public final boolean locked() {
    return value == 0 || !waiters.allCancelled();
  }

  /**
   * Takes a permit, suspending the calling task until one is handed to it.
   *
   * <p>Ends in one of these ways: returns {@code true} holding a permit; throws {@link
   * dev.concurrency.async.CancelledError} if the task is cancelled while queued, holding none.
   *
   * @return {@code true}, as asyncio does
   * @throws IllegalStateException if called outside a task or from another loop than this semaphore's
   */
  public final boolean acquire() {
    if (!locked()) {
      WaiterQueue.requireTaskLoop("acquire"); // binds nothing: asyncio binds a primitive when it first waits
      value--;
      return true;
    }
    try {
      waiters.await(
          "acquire",
          f -> {
            if (f.done() && !f.cancelled()) {
              value++; // we were handed a permit but will not use it
            }
          });
    } finally {
      // Tasks that queued behind us while permits were free (FIFO made them wait) may go now.
      while (value > 0 && wakeNext()) {
        // wake as many as there are permits
      }
    }
    return true;
  }

  /**
   * Gives a permit back and wakes the first queued task, handing the permit to it.
   *
   * @throws IllegalStateException for an {@link AsyncBoundedSemaphore} released more often than acquired
   */
  public void release() {
    value++;
    wakeNext();
  }

  /** Releases one permit, so that {@code try (semaphore)} after {@link #acquire()} is {@code async with}. */
  @Override
  public final void close() {
    release();
  }

  private boolean wakeNext() {
    if (waiters.wakeFirst(true)) {
      value--;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + (locked() ? "[locked" : "[unlocked, value=" + value) + waiters.describeCount()
        + "]";
  }
}
