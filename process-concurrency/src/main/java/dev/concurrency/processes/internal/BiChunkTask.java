package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.SerializableBiFunction;
import dev.concurrency.processes.SerializableCallable;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A function of two arguments applied to a chunk of argument pairs in one round trip, as {@code Pool.starmap} and
 * {@code Executor.map} with two iterables do: the first arguments and the second ones travel as two
 * {@link PackedList}s, so that a chunk of numbers packs.
 *
 * @param function the function
 * @param firsts the first arguments
 * @param seconds the second arguments, as many as {@code firsts}
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
public record BiChunkTask<A, B, R>(SerializableBiFunction<A, B, R> function, PackedList<A> firsts, PackedList<B> seconds)
    implements SerializableCallable<PackedList<R>> {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the parts. */
  public BiChunkTask {
    requireNonNull(function, "function");
    if (firsts.size() != seconds.size()) {
      throw new IllegalArgumentException(firsts.size() + " first arguments but " + seconds.size() + " second ones");
    }
  }

  /**
   * A chunk of the argument pairs {@code firsts[i], seconds[i]}, copied.
   *
   * @param <A> the first arguments' type
   * @param <B> the second arguments' type
   * @param <R> the results' type
   * @param function the function
   * @param firsts the first arguments
   * @param seconds the second arguments, as many
   * @return the chunk
   */
  public static <A, B, R> BiChunkTask<A, B, R> of(
      SerializableBiFunction<A, B, R> function, List<A> firsts, List<B> seconds) {
    return new BiChunkTask<>(function, PackedList.copyOf(firsts), PackedList.copyOf(seconds));
  }

  @Override
  public PackedList<R> call() {
    List<A> a = firsts.items();
    List<B> b = seconds.items();
    ArrayList<R> results = new ArrayList<>(a.size());
    for (int i = 0, size = a.size(); i < size; i++) {
      results.add(function.apply(a.get(i), b.get(i)));
    }
    return PackedList.wrap(results);
  }
}
