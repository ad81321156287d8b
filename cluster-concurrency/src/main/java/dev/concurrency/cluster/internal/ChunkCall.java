package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.cluster.SerializableFunction;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A function applied to a chunk of items in one task, as {@code Pool.map(chunksize=...)} does: one message carries
 * the chunk to a member, one carries its results back. The first item that throws fails the whole chunk.
 *
 * @param function the function
 * @param items the chunk, a serializable copy
 * @param <T> the item type
 * @param <R> the result type
 */
public record ChunkCall<T, R>(SerializableFunction<T, R> function, ArrayList<T> items)
    implements Callable<ArrayList<R>>, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the parts. */
  public ChunkCall {
    requireNonNull(function, "function");
    requireNonNull(items, "items");
  }

  /**
   * A chunk of {@code items}, copied.
   *
   * @param function the function
   * @param items the chunk
   * @param <T> the item type
   * @param <R> the result type
   * @return the task
   */
  public static <T, R> ChunkCall<T, R> of(SerializableFunction<T, R> function, List<T> items) {
    return new ChunkCall<>(function, new ArrayList<>(items));
  }

  @Override
  public ArrayList<R> call() {
    ArrayList<R> results = new ArrayList<>(items.size());
    for (T item : items) {
      results.add(function.apply(item));
    }
    return results;
  }
}
