package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.ResultIterator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The results of chunks computed in a pool, read as they arrive: at most {@code window} chunks are submitted and
 * not yet consumed, and the input is read only as results are taken, so it may be unbounded. In order ({@code
 * imap}, {@code Executor.map}) or in completion order ({@code imap_unordered}).
 *
 * <p>As Python's {@code Executor.map} with a {@code buffersize}, it submits {@code window} chunks when it is made,
 * and one more each time it starts waiting for a chunk, before it waits. An exception the input throws while a
 * chunk is gathered becomes that chunk's failure, at its place in the order; the input is not read again.
 *
 * <p>Not thread-safe: one consumer iterates. See {@link ResultIterator} for how each call ends.
 *
 * @param <R> the result type
 */
public final class ChunkIterator<R> implements ResultIterator<R> {

  /**
   * Gathers and submits the next chunk; returns its future, or {@code null} when the input is exhausted.
   *
   * @param <R> the results' type
   */
  @FunctionalInterface
  public interface Source<R> {
    /**
     * Submits the next chunk; an exception it throws is the input's, and fails that chunk.
     *
     * @return the chunk's future, or {@code null} when the input is exhausted
     */
    @Nullable CompletableFuture<? extends List<R>> next();
  }

  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** Dropped once the input is exhausted: it holds the pool, which may then be collected (and shut down). */
  private @Nullable Source<R> source;
  private final int window;
  private final boolean ordered;
  private final boolean endOnFailure;
  private final long deadline;
  private final ArrayDeque<CompletableFuture<? extends List<R>>> inFlight = new ArrayDeque<>();
  private final LinkedBlockingQueue<CompletableFuture<? extends List<R>>> completed = new LinkedBlockingQueue<>();
  private boolean closed;
  /**
   * The chunk being read, and the next position in it; each slot is cleared as its result is returned, so that
   * this iterator keeps no result alive once the caller is done with it (as Python's map does).
   */
  private @Nullable Object[] current = new Object[0];

  private int position;

  /**
   * Submits the first {@code window} chunks.
   *
   * @param window the most chunks submitted and not consumed ({@link Integer#MAX_VALUE}: every chunk at once)
   * @param ordered results in the input's order, else in completion order
   * @param endOnFailure whether a failed chunk ends the iteration, cancelling the chunks not started (Python's
   *     {@code Executor.map}), or the iteration goes on with the next chunk ({@code Pool.imap})
   * @param timeout how long the whole iteration may take from now, or {@code null}
   * @param source gathers and submits the chunks
   */
  public ChunkIterator(Source<R> source, int window, boolean ordered, boolean endOnFailure, @Nullable Duration timeout) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be > 0, was " + window);
    }
    this.source = requireNonNull(source, "source");
    this.window = window;
    this.ordered = ordered;
    this.endOnFailure = endOnFailure;
    this.deadline = timeout == null ? NO_DEADLINE : System.nanoTime() + timeout.toNanos();
    while (inFlight.size() < window && submitOne()) {
      // the first window's worth, now
    }
  }

  private boolean submitOne() {
    Source<R> input = source;
    if (input == null) {
      return false;
    }
    CompletableFuture<? extends List<R>> future;
    try {
      future = input.next();
    } catch (RuntimeException | Error e) { // the input failed: that chunk fails, and nothing more is read
      future = CompletableFuture.failedFuture(e);
      source = null;
    }
    if (future == null) {
      source = null;
      return false;
    }
    CompletableFuture<? extends List<R>> submitted = future;
    inFlight.add(submitted);
    if (!ordered) {
      submitted.whenComplete((value, error) -> completed.add(submitted));
    }
    return true;
  }

  @Override
  public boolean hasNext() {
    return !closed && (position < current.length || !inFlight.isEmpty());
  }

  @SuppressWarnings("unchecked") // the slots hold the chunk's results
  private R consume() {
    R result = (R) current[position];
    current[position++] = null;
    return result;
  }

  @Override
  public R next() {
    while (position == current.length) {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        current = take(deadline, /* overall= */ true).toArray();
      } catch (TimeoutException e) {
        close(); // as Python's map: the late chunk and every other one not started are cancelled
        throw new CompletionException("the map's timeout passed before the next result was ready", e);
      }
      position = 0;
    }
    return consume();
  }

  @Override
  public R next(Duration timeout) throws TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    while (position == current.length) {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      boolean overall = deadline <= until;
      try {
        current = take(overall ? deadline : until, overall).toArray();
      } catch (TimeoutException e) {
        if (overall) {
          close();
          throw new CompletionException("the map's timeout passed before the next result was ready", e);
        }
        throw e;
      }
      position = 0;
    }
    return consume();
  }

  /** Waits for the next chunk until {@code until} (a {@link System#nanoTime} value), and consumes it. */
  private List<R> take(long until, boolean overall) throws TimeoutException {
    if (inFlight.size() <= window) {
      submitOne(); // one more before waiting, as Python's buffered map: the workers keep a chunk in hand
    }
    CompletableFuture<? extends List<R>> future = null;
    try {
      future = ordered ? inFlight.peek() : awaitCompleted(until);
      List<R> chunk =
          until == NO_DEADLINE ? future.get() : future.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      inFlight.remove(future);
      return chunk;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for a result", e);
    } catch (ExecutionException | CancellationException e) {
      inFlight.remove(future);
      if (endOnFailure) {
        close();
      }
      throw rethrow(e instanceof ExecutionException ? e.getCause() : e);
    } catch (TimeoutException e) {
      if (overall && future != null) {
        future.cancel(/* mayInterruptIfRunning= */ false); // Python's map cancels the late one
      }
      throw e;
    }
  }

  private CompletableFuture<? extends List<R>> awaitCompleted(long until) throws InterruptedException, TimeoutException {
    CompletableFuture<? extends List<R>> done =
        until == NO_DEADLINE ? completed.take() : completed.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (done == null) {
      throw new TimeoutException("no result within the timeout");
    }
    return done;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    source = null;
    for (CompletableFuture<? extends List<R>> future : inFlight) {
      future.cancel(/* mayInterruptIfRunning= */ false); // the ones a worker holds run on, as in Python
    }
    inFlight.clear();
    current = new Object[0];
    position = 0;
  }

  /**
   * The task's own exception if unchecked, else wrapped, so that callers see what the worker threw.
   *
   * @param cause what the task threw
   * @return the exception to throw
   */
  public static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException unchecked) {
      return unchecked;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CompletionException(cause);
  }
}
