package dev.concurrency.cluster.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Two arguments of a {@code starmap} call, as a serializable value: {@link Map.Entry} implementations mostly are
 * not ({@link Map#entry} is not).
 *
 * @param first the first argument
 * @param second the second argument
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 */
public record Pair<A, B>(@Nullable A first, @Nullable B second) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * The entry's key and value.
   *
   * @param entry an entry
   * @param <A> the key type
   * @param <B> the value type
   * @return its pair
   */
  public static <A, B> Pair<A, B> of(Map.Entry<? extends A, ? extends B> entry) {
    return new Pair<>(entry.getKey(), entry.getValue());
  }
}
