package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.common.util.concurrent.UncheckedTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The results of one {@link ThreadPool#imap} call, in input order, as they are consumed: the iterator Python's
 * {@code Executor.map} returns.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=imap}
 *
 * <p><b>Submission.</b> Without a buffer, every item was read and submitted by the {@code imap} call itself.
 * With a buffer of {@code b}, {@code imap} submitted the first {@code b} tasks, and each time iteration moves on
 * to the next task's results, one more task is submitted first: the input is read only as fast as results are
 * consumed.
 *
 * <p><b>How iteration ends.</b> It ends normally after the last result. It also ends, for good, when a call
 * throws: the item's function threw ({@link ExecutionException} with that exception as the cause), the deadline
 * passed ({@link TimeoutException}), the waiting thread was interrupted, a task was cancelled (for example by
 * {@code shutdown(wait, true)}), or submitting the next task was refused. {@link #close()} ends it early. Every
 * way it ends cancels the tasks not yet consumed, as Python's {@code cancel()} does: those not started never
 * run, running ones finish and are ignored. Afterwards {@link #hasNext()} is {@code false}.
 *
 * <p>Not thread-safe: one thread iterates. Memory consistency: the function's actions for an item
 * happen-before the iterating thread receives that item's result. A result is not kept once it has been
 * returned.
 *
 * <p><b>Python:</b> the generator of {@code Executor.map}; {@code close()} is the generator's {@code close()}.
 * {@link #next()} wraps what {@link #take()} throws: a failure as Guava's {@link UncheckedExecutionException},
 * the deadline as {@link UncheckedTimeoutException}, an interrupt as a {@link CancellationException} with the
 * interrupt status set again.
 *
 * @param <R> the result type
 */
public final class MapIterator<R extends @Nullable Object> implements Iterator<R>, Iterable<R>, AutoCloseable {

  /** What applying the function to one item gave. */
  private record Outcome<R extends @Nullable Object>(R value, @Nullable Throwable failure) {}

  private final ThreadPool pool;
  private final Function<List<Object>, List<@Nullable Outcome<R>>> chunkFunction;
  private final Iterator<?> items;
  private final int chunkSize;
  private final boolean buffered;
  private final @Nullable Deadline deadline;
  private final Deque<TaskFuture<List<@Nullable Outcome<R>>>> pending = new ArrayDeque<>();
  private @Nullable List<@Nullable Outcome<R>> chunk;
  private int position;
  private boolean closed;

  private <T> MapIterator(
      ThreadPool pool, Function<? super T, ? extends R> fn, Iterator<? extends T> items, MapOptions options) {
    this.pool = pool;
    this.items = items;
    this.chunkSize = options.chunkSize();
    this.buffered = options.bufferSize() != null;
    Duration timeout = options.timeout();
    this.deadline = timeout == null ? null : Deadline.after(timeout);
    this.chunkFunction =
        args -> {
          List<@Nullable Outcome<R>> outcomes = new ArrayList<>(args.size());
          for (Object arg : args) {
            outcomes.add(applyOne(fn, arg));
          }
          return outcomes;
        };
  }

  /** Submits the first tasks (all of them without a buffer) and returns the iterator over their results. */
  static <T, R extends @Nullable Object> MapIterator<R> start(
      ThreadPool pool, Function<? super T, ? extends R> fn, Iterator<? extends T> items, MapOptions options) {
    MapIterator<R> results = new MapIterator<>(pool, fn, items, options);
    Integer bufferSize = options.bufferSize();
    try {
      for (int n = 0; (bufferSize == null || n < bufferSize) && results.submitChunk(); n++) {
        // submitted
      }
    } catch (RuntimeException | Error e) {
      results.close(); // the input or the pool failed: what was submitted must not run unseen
      throw e;
    }
    return results;
  }

  @SuppressWarnings("unchecked") // each item came from an Iterator<? extends T>
  private static <T, R extends @Nullable Object> Outcome<R> applyOne(Function<? super T, ? extends R> fn, Object item) {
    try {
      return new Outcome<>(fn.apply((T) item), null);
    } catch (Throwable t) {
      return new Outcome<R>(null, t);
    }
  }

  /** Reads up to one chunk of items and submits it; false if the input is exhausted. */
  private boolean submitChunk() {
    List<Object> args = new ArrayList<>(Math.min(chunkSize, 1024));
    while (args.size() < chunkSize && items.hasNext()) {
      args.add(items.next());
    }
    if (args.isEmpty()) {
      return false;
    }
    pending.addLast(pool.submit(() -> chunkFunction.apply(args)));
    return true;
  }

  /** Whether another result (or the exception that ends the iteration) is still to come. */
  @Override
  public boolean hasNext() {
    return !closed && (chunk != null && position < chunk.size() || !pending.isEmpty());
  }

  /**
   * The next result in input order, waiting for it if needed.
   *
   * @return the result (null if the function returned null)
   * @throws NoSuchElementException if there is none ({@link #hasNext()} is false)
   * @throws ExecutionException if the function threw for this item; the cause is what it threw
   * @throws TimeoutException if the deadline passes before the result is in
   * @throws InterruptedException if interrupted while waiting
   * @throws CancellationException if this item's task was cancelled
   * @throws java.util.concurrent.RejectedExecutionException if the pool refused the next buffered task
   */
  public R take() throws InterruptedException, ExecutionException, TimeoutException {
    if (!hasNext()) {
      throw new NoSuchElementException("the map's results are exhausted" + (closed ? " or it was closed" : ""));
    }
    try {
      List<@Nullable Outcome<R>> current = chunk;
      if (current == null || position == current.size()) {
        current = awaitNextChunk();
        chunk = current;
        position = 0;
      }
      Outcome<R> outcome = requireNonNull(current.get(position));
      current.set(position++, null); // returned results are the caller's alone
      Throwable failure = outcome.failure();
      if (failure != null) {
        throw new ExecutionException(failure);
      }
      return outcome.value();
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private List<@Nullable Outcome<R>> awaitNextChunk() throws InterruptedException, TimeoutException {
    if (buffered) {
      submitChunk(); // one in as one comes out, before waiting, as Python 3.14 does
    }
    TaskFuture<List<@Nullable Outcome<R>>> head = pending.removeFirst();
    try {
      return deadline == null ? head.get() : head.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException impossible) {
      throw new IllegalStateException("a chunk task captures every failure, yet one threw", impossible);
    } finally {
      head.cancel(/* mayInterruptIfRunning= */ false); // a no-op once done; gives up a task that timed out
    }
  }

  /** {@link #take()} with unchecked exceptions; see the class comment. */
  @Override
  public R next() {
    try {
      return take();
    } catch (ExecutionException e) {
      throw new UncheckedExecutionException(e.getCause());
    } catch (TimeoutException e) {
      throw new UncheckedTimeoutException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("interrupted while waiting for the next result");
      c.initCause(e);
      throw c;
    }
  }

  /** Ends the iteration and cancels every task not consumed yet; idempotent. */
  @Override
  public void close() {
    closed = true;
    chunk = null;
    for (TaskFuture<?> task : pending) {
      task.cancel(/* mayInterruptIfRunning= */ false);
    }
    pending.clear();
  }

  /** This iterator itself: a {@code MapIterator} can be iterated once. */
  @Override
  public Iterator<R> iterator() {
    return this;
  }

  @Override
  public String toString() {
    return "MapIterator[" + (closed ? "closed" : pending.size() + " tasks pending") + "]";
  }
}
