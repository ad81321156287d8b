package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.cluster.SerializableBiFunction;
import dev.concurrency.cluster.SerializableFunction;
import java.io.Serial;

/**
 * A two-argument function applied to a {@link Pair}: {@code starmap}'s unpacking of each argument tuple. A named
 * class rather than a lambda, so that what travels names this package (always allowed) and not the pool's class.
 *
 * @param function the function
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
public record Spread<A, B, R>(SerializableBiFunction<A, B, R> function) implements SerializableFunction<Pair<A, B>, R> {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the function. */
  public Spread {
    requireNonNull(function, "function");
  }

  @Override
  public R apply(Pair<A, B> arguments) {
    return function.apply(arguments.first(), arguments.second());
  }
}
