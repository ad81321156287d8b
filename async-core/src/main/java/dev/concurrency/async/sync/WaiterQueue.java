package dev.concurrency.async.sync;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The FIFO queue of suspended tasks behind every primitive of this package, and the primitive's binding to one
 * event loop.
 *
 * <p>Each waiting task owns one future in the queue; waking a task completes its future (with {@code true},
 * or {@code false} for a condition's notification), which schedules the task's resumption in a later tick.
 * A waiter removes its own future when it resumes, however it resumes, so the queue only ever holds tasks that
 * are still suspended or about to resume. Waking skips futures that are already done (cancelled waiters not
 * yet resumed), which is what keeps a cancelled waiter from swallowing a wake-up meant for the next one.
 *
 * <p>Loop-confined, like the primitive that owns it.
 */
final class WaiterQueue {

  private final ArrayDeque<AsyncFuture<Boolean>> waiters = new ArrayDeque<>();
  private @Nullable EventLoop loop;

  /**
   * The running loop, after checking that the caller is a task and that this primitive is not used from two
   * loops (asyncio binds a primitive to the first loop that waits on it).
   */
  EventLoop bind(String what) {
    EventLoop running = requireTaskLoop(what);
    EventLoop bound = loop;
    if (bound == null) {
      loop = running;
    } else if (bound != running) {
      throw new IllegalStateException(
          what + "() from a task of another event loop: this primitive is bound to the loop that first waited on"
              + " it; create one primitive per event loop");
    }
    return running;
  }

  /**
   * Suspends the calling task on a new future at the tail of the queue until it is woken; the future leaves the
   * queue whatever happens.
   *
   * @param onCancelled runs with the future when the wait ends in {@link CancelledError} (the future may have
   *     been woken just before the cancellation arrived), before the error is rethrown
   * @return the value the waker completed the future with
   */
  boolean await(String what, Consumer<AsyncFuture<Boolean>> onCancelled) {
    EventLoop running = bind(what);
    AsyncFuture<Boolean> future = running.createFuture();
    waiters.addLast(future);
    try {
      return future.await();
    } catch (CancelledError e) {
      waiters.removeFirstOccurrence(future);
      onCancelled.accept(future);
      throw e;
    } finally {
      waiters.removeFirstOccurrence(future);
    }
  }

  /**
   * Wakes the waiter at the head of the queue if its future is still pending; a head that is done (woken already,
   * or cancelled and about to leave) is left alone, for its task passes the wake-up on when it resumes. This is
   * asyncio's {@code Lock._wake_up_first}: waking past a done head would let two waiters take one lock.
   */
  void wakeHead() {
    AsyncFuture<Boolean> head = waiters.peekFirst();
    if (head != null && !head.done()) {
      head.setResult(true);
    }
  }

  /** Wakes the first waiter whose future is still pending, with {@code value}; returns whether there was one. */
  boolean wakeFirst(boolean value) {
    for (AsyncFuture<Boolean> f : waiters) {
      if (!f.done()) {
        f.setResult(value);
        return true;
      }
    }
    return false;
  }

  /** Wakes up to {@code n} pending waiters in FIFO order; returns how many it woke. */
  int wake(int n, boolean value) {
    int woken = 0;
    for (Iterator<AsyncFuture<Boolean>> it = waiters.iterator(); it.hasNext() && woken < n; ) {
      AsyncFuture<Boolean> f = it.next();
      if (!f.done()) {
        f.setResult(value);
        woken++;
      }
    }
    return woken;
  }

  /** Whether no waiter could take a resource now: the queue is empty or every future in it is cancelled. */
  boolean allCancelled() {
    for (AsyncFuture<Boolean> f : waiters) {
      if (!f.cancelled()) {
        return false;
      }
    }
    return true;
  }

  /** How many futures are queued (pending, or done but not yet resumed). */
  int size() {
    return waiters.size();
  }

  /** {@code ", waiters=N"} for a primitive's {@code toString}, or nothing when none is queued (as asyncio's repr). */
  String describeCount() {
    return waiters.isEmpty() ? "" : ", waiters=" + waiters.size();
  }

  /** The loop of the calling task, or a clear error naming {@code what} when there is no calling task. */
  static EventLoop requireTaskLoop(String what) {
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(
          what + "() must be called from a task of a running event loop (inside AsyncIO.run(...) or a task it"
              + " created), not from a callback or a plain thread");
    }
    return task.getLoop();
  }
}
