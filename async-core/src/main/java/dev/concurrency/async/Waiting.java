package dev.concurrency.async;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The waiting combinators behind {@link AsyncIO}: wait, shield, waitFor. Ported from CPython. */
final class Waiting {

  private Waiting() {}

  static <T> DoneAndPending<T> waitUntil(
      List<AsyncFuture<T>> futures, ReturnWhen returnWhen, @Nullable Duration timeout) {
    AsyncTask<?> me = AsyncTask.requireCurrent("waitUntil", null);
    EventLoop loop = me.getLoop();
    if (futures.isEmpty()) {
      throw new IllegalArgumentException("waitUntil() needs at least one future; the collection is empty");
    }
    AsyncFuture<@Nullable Void> waiter = loop.createFuture();
    TimerHandle timer = timeout == null ? null : loop.callLater(timeout, () -> release(waiter));
    int[] counter = {futures.size()};
    Consumer<AsyncFuture<T>> onCompletion =
        f -> {
          counter[0]--;
          if (counter[0] <= 0
              || returnWhen == ReturnWhen.FIRST_COMPLETED
              || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
            release(waiter);
          }
        };
    for (AsyncFuture<T> f : futures) {
      f.addDoneCallback(onCompletion);
      AwaitGraph.add(f, me); // the waiting task awaits each future while it waits (3.14's call graph)
    }
    try {
      waiter.await();
    } finally {
      if (timer != null) {
        timer.cancel();
      }
      for (AsyncFuture<T> f : futures) {
        f.removeDoneCallback(onCompletion);
        AwaitGraph.discard(f, me);
      }
    }
    Set<AsyncFuture<T>> done = new LinkedHashSet<>();
    Set<AsyncFuture<T>> pending = new LinkedHashSet<>();
    for (AsyncFuture<T> f : futures) {
      (f.done() ? done : pending).add(f);
    }
    return new DoneAndPending<>(done, pending);
  }

  private static void release(AsyncFuture<@Nullable Void> waiter) {
    if (!waiter.done()) {
      waiter.setResult(null);
    }
  }

  static <T> AsyncFuture<T> shield(AsyncFuture<T> inner) {
    EventLoop loop = inner.getLoop();
    if (inner.done()) {
      return inner;
    }
    AsyncFuture<T> outer = loop.createFuture();
    // the task that called shield awaits the inner future until it is done (3.14's call graph)
    AsyncTask<?> awaiter = loop.current();
    if (awaiter != null) {
      AwaitGraph.add(inner, awaiter);
      inner.addDoneCallback(f -> AwaitGraph.discard(f, awaiter));
    }
    Consumer<AsyncFuture<T>> innerDone =
        f -> {
          if (outer.cancelled()) {
            if (!f.cancelled()) {
              f.markRetrieved(); // the shield's caller gave up; the inner outcome is deliberately dropped
            }
            return;
          }
          if (!outer.done()) {
            outer.completeLike(f);
          }
        };
    inner.addDoneCallback(innerDone);
    outer.addDoneCallback(
        o -> {
          if (!inner.done()) {
            inner.removeDoneCallback(innerDone);
            // 3.14: a failure of the inner future after its shield was cancelled is reported, once per future
            // however many shields were cancelled (one shared callback, registered at most once)
            inner.removeDoneCallback(LOG_ON_EXCEPTION);
            inner.addDoneCallback(LOG_ON_EXCEPTION);
          }
        });
    return outer;
  }

  /** CPython 3.14's {@code shield._log_on_exception}: reports the exception of a future nobody awaits any more. */
  private static final Consumer<AsyncFuture<?>> LOG_ON_EXCEPTION =
      f -> {
        if (f.cancelled()) {
          return;
        }
        Throwable error = f.exception();
        if (error != null) {
          f.getLoop().callExceptionHandler(
              new ErrorContext(error.getClass().getSimpleName() + " exception in shielded future", error, f, null));
        }
      };

  /**
   * asyncio 3.12's {@code wait_for(fut, timeout)}: a {@link Timeout} around the await, except that a timeout of
   * zero or less cancels the future at once (a task that has not started never runs) and waits for it.
   */
  static <T> T waitFor(AsyncFuture<T> future, @Nullable Duration timeout) {
    AsyncTask<?> me = AsyncTask.requireCurrent("waitFor", future.getLoop());
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      return cancelAndWait(me.getLoop(), future, timeout);
    }
    return new Timeout(me.getLoop(), deadline(me.getLoop(), timeout)).run(future::await);
  }

  /** {@code wait_for(coro(), timeout)}: the coroutine runs in the calling task, as in asyncio 3.12 and later. */
  static <T> T waitFor(Coroutine<T> coroutine, @Nullable Duration timeout) {
    AsyncTask<?> me = AsyncTask.requireCurrent("waitFor", null);
    EventLoop loop = me.getLoop();
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      return cancelAndWait(loop, loop.createTask(coroutine), timeout); // it never starts
    }
    return new Timeout(loop, deadline(loop, timeout)).run(coroutine);
  }

  private static @Nullable Long deadline(EventLoop loop, @Nullable Duration timeout) {
    return timeout == null ? null : loop.time() + timeout.toNanos();
  }

  private static <T> T cancelAndWait(EventLoop loop, AsyncFuture<T> future, Duration timeout) {
    if (future.done()) {
      return future.result();
    }
    // Wait on a future of our own, not on the cancelled one, so that this wait stays cancellable itself.
    AsyncFuture<@Nullable Void> waiter = loop.createFuture();
    Consumer<AsyncFuture<T>> onDone = f -> release(waiter);
    future.addDoneCallback(onDone);
    try {
      future.cancel();
      waiter.await();
    } finally {
      future.removeDoneCallback(onDone);
    }
    try {
      return future.result();
    } catch (CancelledError c) {
      throw new AsyncTimeoutException("waitFor() timed out (timeout " + timeout + ")", c);
    }
  }
}
