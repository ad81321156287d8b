package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableBiFunction;
import dev.concurrency.processes.SerializableFunction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Cuts the inputs of a pool's {@code map}, {@code starmap} and {@code imap} into chunks, submits each chunk as one
 * task ({@link ChunkTask}, {@link BiChunkTask}), and puts the chunks' results back together.
 *
 * <p>Thread-safe if its submitter is; each source it makes is for one consumer.
 */
public final class Mapping {

  /** The most items a chunk's list reserves room for before it has read them: a chunk size can be huge. */
  private static final int MAX_RESERVED = 1 << 12;

  private final Function<Callable<?>, CompletableFuture<?>> submitter;

  /**
   * Makes a mapping that submits through {@code submitter}.
   *
   * @param submitter encodes and submits one chunk task, returning its future
   */
  public Mapping(Function<Callable<?>, CompletableFuture<?>> submitter) {
    this.submitter = requireNonNull(submitter, "submitter");
  }

  /**
   * The chunks of {@code items} of {@code chunkSize}, each submitted as it is asked for.
   *
   * @param <T> the items' type
   * @param <R> the results' type
   * @param function the function
   * @param items the items, read as chunks are asked for
   * @param chunkSize the items per chunk, at least 1
   * @return the source
   */
  public <T, R> ChunkIterator.Source<R> chunks(SerializableFunction<T, R> function, Iterator<T> items, int chunkSize) {
    requireNonNull(function, "function");
    requireNonNull(items, "items");
    checkChunkSize(chunkSize);
    return () -> {
      if (!items.hasNext()) {
        return null;
      }
      List<T> chunk = new ArrayList<>(Math.min(chunkSize, MAX_RESERVED));
      while (chunk.size() < chunkSize && items.hasNext()) {
        chunk.add(items.next());
      }
      return submit(ChunkTask.of(function, chunk));
    };
  }

  /**
   * The chunks of argument pairs {@code (firsts[i], seconds[i])}, as {@code zip} makes them: they end with the
   * shorter input.
   *
   * @param <A> the first arguments' type
   * @param <B> the second arguments' type
   * @param <R> the results' type
   * @param function the function
   * @param firsts the first arguments
   * @param seconds the second arguments
   * @param chunkSize the pairs per chunk, at least 1
   * @return the source
   */
  public <A, B, R> ChunkIterator.Source<R> pairChunks(
      SerializableBiFunction<A, B, R> function, Iterator<A> firsts, Iterator<B> seconds, int chunkSize) {
    requireNonNull(function, "function");
    requireNonNull(firsts, "firsts");
    requireNonNull(seconds, "seconds");
    checkChunkSize(chunkSize);
    return () -> {
      List<A> a = new ArrayList<>(Math.min(chunkSize, MAX_RESERVED));
      List<B> b = new ArrayList<>(Math.min(chunkSize, MAX_RESERVED));
      while (a.size() < chunkSize && firsts.hasNext() && seconds.hasNext()) {
        a.add(firsts.next());
        b.add(seconds.next());
      }
      return a.isEmpty() ? null : submit(BiChunkTask.of(function, a, b));
    };
  }

  @SuppressWarnings("unchecked") // a chunk task returns the list of its function's results
  private <R> CompletableFuture<List<R>> submit(Callable<? extends List<R>> chunk) {
    return (CompletableFuture<List<R>>) submitter.apply(chunk);
  }

  /**
   * Submits every chunk of {@code source} now, and returns a future of all their results in order: it fails as
   * soon as one chunk fails, with that chunk's exception (the first to arrive, as {@code Pool.map_async}), and
   * the other chunks still run.
   *
   * @param <R> the results' type
   * @param source the chunks
   * @return a future of all the results
   */
  public static <R> CompletableFuture<List<R>> all(ChunkIterator.Source<R> source) {
    List<CompletableFuture<? extends List<R>>> chunks = new ArrayList<>();
    for (CompletableFuture<? extends List<R>> chunk = source.next(); chunk != null; chunk = source.next()) {
      chunks.add(chunk);
    }
    CompletableFuture<List<R>> all = new CompletableFuture<>();
    if (chunks.isEmpty()) {
      all.complete(List.of());
      return all;
    }
    AtomicInteger left = new AtomicInteger(chunks.size());
    for (CompletableFuture<? extends List<R>> chunk : chunks) {
      chunk.whenComplete(
          (results, failure) -> {
            if (failure != null) {
              all.completeExceptionally(failure);
            } else if (left.decrementAndGet() == 0) {
              List<R> ordered = new ArrayList<>();
              chunks.forEach(done -> ordered.addAll(done.join()));
              all.complete(ordered);
            }
          });
    }
    return all;
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
    }
  }
}
