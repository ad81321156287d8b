package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The results of a function over an iterable, computed chunk by chunk on the cluster and read lazily: at most
 * {@code window} chunks are in flight, and the input is read only as results are consumed. In input order
 * ({@code imap}) or in completion order ({@code imap_unordered}).
 *
 * <p>Not thread-safe: one consumer iterates. {@link #next()} blocks until a result is there. A failed chunk
 * throws its exception (unchecked ones as they are, checked ones in a {@link CompletionException}) once, in its
 * place, and its items are skipped; iteration then goes on with the next chunk. An exception of the input itself
 * takes the place of the chunk being read when it was thrown (that chunk's items are dropped): it is thrown after
 * the results of the chunks before it, as Python's {@code Pool.imap} does, and iteration then ends. An interrupt
 * while waiting becomes a {@link CompletionException}, with the thread's interrupt status set again.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
public final class ChunkIterator<T, R> implements Iterator<R> {

  private final Iterator<? extends T> input;
  private final int chunkSize;
  private final int window;
  private final boolean ordered;
  private final Function<List<T>, CompletableFuture<? extends List<R>>> submit;
  private final ArrayDeque<CompletableFuture<? extends List<R>>> inFlight = new ArrayDeque<>();
  private final LinkedBlockingQueue<CompletableFuture<? extends List<R>>> done = new LinkedBlockingQueue<>();
  private List<R> current = List.of();
  private int position;
  private boolean inputEnded;

  /**
   * Creates one; nothing is read or submitted until the first {@link #hasNext()} or {@link #next()}.
   *
   * @param input the items
   * @param chunkSize items per chunk, at least 1
   * @param window chunks in flight at most, at least 1
   * @param ordered whether results come in input order
   * @param submit sends one chunk and returns its results' future
   */
  public ChunkIterator(
      Iterator<? extends T> input,
      int chunkSize,
      int window,
      boolean ordered,
      Function<List<T>, CompletableFuture<? extends List<R>>> submit) {
    if (chunkSize < 1 || window < 1) {
      throw new IllegalArgumentException("chunkSize and window must be at least 1, were " + chunkSize + ", " + window);
    }
    this.input = requireNonNull(input, "input");
    this.chunkSize = chunkSize;
    this.window = window;
    this.ordered = ordered;
    this.submit = requireNonNull(submit, "submit");
  }

  @Override
  public boolean hasNext() {
    fill();
    return position < current.size() || !inFlight.isEmpty();
  }

  @Override
  public R next() {
    while (position == current.size()) {
      if (!hasNext()) {
        throw new NoSuchElementException("no more results");
      }
      if (position == current.size()) {
        // the chunk is taken out of flight before it is read, so a failed one throws once and is then gone
        current = take();
        position = 0;
      }
    }
    return current.get(position++);
  }

  private void fill() {
    while (!inputEnded && inFlight.size() < window) {
      List<T> chunk = new ArrayList<>(chunkSize);
      try {
        while (chunk.size() < chunkSize && input.hasNext()) {
          chunk.add(input.next());
        }
      } catch (RuntimeException inputFailed) {
        // the user's iterable broke: its exception stands where this chunk would have, and nothing more is read
        inputEnded = true;
        enqueue(CompletableFuture.failedFuture(inputFailed));
        return;
      }
      if (chunk.isEmpty()) {
        inputEnded = true;
        return;
      }
      enqueue(submit.apply(chunk));
    }
  }

  private void enqueue(CompletableFuture<? extends List<R>> future) {
    inFlight.add(future);
    if (!ordered) {
      future.whenComplete((results, error) -> done.add(future));
    }
  }

  private List<R> take() {
    CompletableFuture<? extends List<R>> future;
    try {
      if (ordered) {
        future = inFlight.remove();
      } else {
        future = done.take();
        inFlight.remove(future);
      }
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for a result", e);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    }
  }

  /**
   * A task's failure as the caller of a blocking {@code map} sees it: unchecked exceptions as they are, errors
   * thrown, checked exceptions wrapped in a {@link CompletionException}.
   *
   * @param cause what the task's future failed with
   * @return the exception to throw
   */
  public static RuntimeException unchecked(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CompletionException(cause);
  }
}
