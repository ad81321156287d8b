package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.processes.SerializableFunction;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A function applied to a chunk of arguments in one round trip, as {@code Pool.map(chunksize=...)} does.
 *
 * @param function the function
 * @param arguments the chunk, an {@link ArrayList} so that it serializes
 * @param <T> the argument type
 * @param <R> the result type
 */
public record ChunkTask<T, R>(SerializableFunction<T, R> function, ArrayList<T> arguments)
    implements SerializableCallable<ArrayList<R>> {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the parts. */
  public ChunkTask {
    requireNonNull(function, "function");
    requireNonNull(arguments, "arguments");
  }

  /** A chunk of {@code arguments}, copied. */
  public static <T, R> ChunkTask<T, R> of(SerializableFunction<T, R> function, List<T> arguments) {
    return new ChunkTask<>(function, new ArrayList<>(arguments));
  }

  @Override
  public ArrayList<R> call() {
    ArrayList<R> results = new ArrayList<>(arguments.size());
    for (T argument : arguments) {
      results.add(function.apply(argument));
    }
    return results;
  }
}
