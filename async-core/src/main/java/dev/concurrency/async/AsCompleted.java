package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.queues.AsyncQueue;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The futures of one {@link AsyncIO#asCompleted asCompleted} call, handed out as they finish.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=asCompleted}
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=asCompleted-awaitables}
 *
 * <p><b>Semantics (CPython 3.13's {@code _AsCompletedIterator}).</b> Every given future that finishes is put on
 * a queue, in the order in which they finish. There are as many steps as distinct futures. Each step takes the
 * next future off the queue, waiting if there is none yet; so when several tasks wait for steps at once, the
 * first to wait gets the first outcome, whatever order the steps were handed out in. Iterating this object
 * ({@link #iterator()}) suspends in {@code next()} and returns the original future, done; the {@linkplain
 * #awaitables() classic form} returns awaitables whose {@code await()} returns that future's result, or throws
 * its exception. After {@code timeout}, every step not yet taken throws {@link AsyncTimeoutException}. Both
 * forms share the steps: breaking out of a loop and iterating again resumes where it stopped.
 *
 * <p>Loop-confined: create and use it in tasks of one running loop. Memory consistency: that of every
 * loop-confined object (see the package's <a href="package-summary.html#MemoryVisibility">Memory
 * consistency</a> section).
 *
 * <p><b>Python:</b> {@code asyncio.as_completed(fs, timeout=...)}. Differences: the given futures must be
 * futures or tasks (wrap a coroutine with {@link AsyncIO#createTask} first); the classic form's awaitables are
 * {@link Awaitable}s, not coroutines.
 *
 * @param <T> the type of the futures' results
 */
public final class AsCompleted<T> implements Iterable<AsyncFuture<T>> {

  /** Put on the queue for each step left when the timeout passes (CPython puts {@code None}). */
  private static final Object TIMED_OUT = new Object();

  private final Set<AsyncFuture<T>> todo;
  private final AsyncQueue<Object> done = new AsyncQueue<>();
  private final @Nullable Duration timeout;
  private final Consumer<AsyncFuture<T>> onCompletion = this::handleCompletion;
  private @Nullable TimerHandle timeoutHandle;
  private int stepsLeft;

  AsCompleted(EventLoop loop, Collection<? extends AsyncFuture<T>> futures, @Nullable Duration timeout) {
    this.todo = new LinkedHashSet<>(futures);
    this.timeout = timeout;
    this.stepsLeft = todo.size();
    for (AsyncFuture<T> f : todo) {
      if (f.getLoop() != loop) {
        throw new IllegalArgumentException("asCompleted() of a future bound to another event loop: " + f);
      }
      f.addDoneCallback(onCompletion);
    }
    if (!todo.isEmpty() && timeout != null) {
      timeoutHandle = loop.callLater(timeout.isNegative() ? Duration.ZERO : timeout, this::handleTimeout);
    }
  }

  /**
   * How many steps are left: futures not yet handed out by either form.
   *
   * @return how many steps are left: futures not yet handed out by either form
   */
  public int remaining() {
    return stepsLeft;
  }

  /**
   * The 3.13 form ({@code async for f in as_completed(fs)}): an iterator whose {@code next()} suspends the
   * calling task until the next future finishes and returns that future itself. Its {@code next()} throws
   * {@link AsyncTimeoutException} once the timeout has passed, and {@link NoSuchElementException} when every
   * future was handed out.
   */
  @Override
  public Iterator<AsyncFuture<T>> iterator() {
    return new Steps<>(this) {
      @Override
      AsyncFuture<T> step() {
        return waitForOne();
      }
    };
  }

  /**
   * The classic form ({@code for f in as_completed(fs): await f}): one awaitable per future not yet handed out.
   * Awaiting one takes the next outcome (the earliest-finished future not yet taken) and returns its result or
   * throws its exception; it throws {@link AsyncTimeoutException} once the timeout has passed.
   *
   * @return the classic form ({@code for f in as_completed(fs): await f}): one awaitable per future not yet handed
   *     out
   */
  public Iterable<Awaitable<T>> awaitables() {
    return () -> new Steps<>(this) {
      @Override
      Awaitable<T> step() {
        return () -> waitForOne().result();
      }
    };
  }

  private void handleCompletion(AsyncFuture<T> f) {
    if (!todo.remove(f)) {
      return; // the timeout has already accounted for it
    }
    done.putNowait(f);
    if (todo.isEmpty() && timeoutHandle != null) {
      timeoutHandle.cancel();
    }
  }

  private void handleTimeout() {
    for (AsyncFuture<T> f : todo) {
      f.removeDoneCallback(onCompletion);
      done.putNowait(TIMED_OUT);
    }
    todo.clear();
  }

  /** Takes the next finished future off the queue, waiting for one; the coroutine {@code _wait_for_one}. */
  @SuppressWarnings("unchecked")
  private AsyncFuture<T> waitForOne() {
    Object next = done.get();
    if (next == TIMED_OUT) {
      throw new AsyncTimeoutException("asCompleted() timed out after " + timeout);
    }
    return (AsyncFuture<T>) next;
  }

  private boolean takeStep() {
    if (stepsLeft == 0) {
      return false;
    }
    stepsLeft--;
    return true;
  }

  @Override
  public String toString() {
    return "AsCompleted[remaining=" + stepsLeft + " pending=" + todo.size() + "]";
  }

  /** One view over the shared steps; several views (and both forms) share the count. */
  private abstract static class Steps<E> implements Iterator<E> {
    private final AsCompleted<?> owner;

    Steps(AsCompleted<?> owner) {
      this.owner = requireNonNull(owner, "owner");
    }

    @Override
    public final boolean hasNext() {
      return owner.stepsLeft > 0;
    }

    @Override
    public final E next() {
      if (!owner.takeStep()) {
        throw new NoSuchElementException("asCompleted(): every future was handed out");
      }
      return step();
    }

    abstract E step();
  }
}
