package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The results of a function over an iterable, computed chunk by chunk in a pool, read lazily: at most
 * {@code window} chunks are in flight, and the input is read only as results are consumed. In order (like
 * {@code imap}) or in completion order (like {@code imap_unordered}).
 *
 * <p>Not thread-safe: one consumer iterates. {@link #next()} blocks until a result is there; it throws the
 * task's exception unwrapped when it is unchecked ({@code RemoteException}, {@code BrokenPoolException}), else
 * wrapped in a {@link CompletionException}; an interrupt while waiting becomes a {@link CompletionException}
 * with the interrupt status set again.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public final class ChunkIterator<T, R> implements Iterator<R> {

  private final Iterator<T> input;
  private final int chunkSize;
  private final int window;
  private final boolean ordered;
  private final Function<List<T>, CompletableFuture<? extends List<R>>> submit;
  private final ArrayDeque<CompletableFuture<? extends List<R>>> inFlight = new ArrayDeque<>();
  private final LinkedBlockingQueue<CompletableFuture<? extends List<R>>> completed = new LinkedBlockingQueue<>();
  /** The chunk being read (a list, not a deque: a function may return null), and the next position in it. */
  private List<R> current = List.of();

  private int position;

  /**
   * Creates one.
   *
   * @param submit submits one chunk and returns its future
   */
  public ChunkIterator(
      Iterator<T> input,
      int chunkSize,
      int window,
      boolean ordered,
      Function<List<T>, CompletableFuture<? extends List<R>>> submit) {
    Preconditions.checkArgument(chunkSize > 0, "chunksize must be > 0, was %s", chunkSize);
    Preconditions.checkArgument(window > 0, "window must be > 0, was %s", window);
    this.input = requireNonNull(input, "input");
    this.chunkSize = chunkSize;
    this.window = window;
    this.ordered = ordered;
    this.submit = requireNonNull(submit, "submit");
  }

  @Override
  public boolean hasNext() {
    refill();
    return position < current.size() || !inFlight.isEmpty();
  }

  @Override
  public R next() {
    while (position == current.size()) {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (position == current.size()) {
        current = take();
        position = 0;
      }
    }
    return current.get(position++);
  }

  private void refill() {
    while (inFlight.size() < window && input.hasNext()) {
      List<T> chunk = new ArrayList<>(chunkSize);
      while (chunk.size() < chunkSize && input.hasNext()) {
        chunk.add(input.next());
      }
      CompletableFuture<? extends List<R>> future = submit.apply(chunk);
      inFlight.add(future);
      if (!ordered) {
        future.whenComplete((value, error) -> completed.add(future));
      }
    }
  }

  private List<R> take() {
    try {
      CompletableFuture<? extends List<R>> future;
      if (ordered) {
        future = inFlight.poll();
      } else {
        future = completed.take();
        inFlight.remove(future);
      }
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for a result", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw e;
    }
  }

  /** The task's own exception if unchecked, else wrapped, so that callers see what the worker threw. */
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
