package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.processes.SerializableFunction;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A function applied to a chunk of arguments in one round trip, as {@code Pool.map(chunksize=...)} does: one frame
 * carries the chunk there, one frame carries its results back, both as {@link PackedList}s.
 *
 * @param function the function
 * @param arguments the chunk
 * @param <T> the argument type
 * @param <R> the result type
 */
public record ChunkTask<T, R>(SerializableFunction<T, R> function, PackedList<T> arguments)
    implements SerializableCallable<PackedList<R>> {

  @Serial private static final long serialVersionUID = 2L;

  /** Checks the parts. */
  public ChunkTask {
    requireNonNull(function, "function");
    requireNonNull(arguments, "arguments");
  }

  /**
   * A chunk of {@code arguments}, copied.
   *
   * @param <T> the arguments' type
   * @param <R> the results' type
   * @param function the function
   * @param arguments the arguments, copied
   * @return the chunk
   */
  public static <T, R> ChunkTask<T, R> of(SerializableFunction<T, R> function, List<T> arguments) {
    return new ChunkTask<>(function, PackedList.copyOf(arguments));
  }

  @Override
  public PackedList<R> call() {
    List<T> items = arguments.items();
    ArrayList<R> results = new ArrayList<>(items.size());
    for (int i = 0, size = items.size(); i < size; i++) { // indexed: a fresh worker interprets this at first
      results.add(function.apply(items.get(i)));
    }
    return PackedList.wrap(results);
  }
}
