package dev.concurrency.cluster;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to cluster members, as {@link ClusterPool#starmap} does. See
 * {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and memory-consistency
 * contract.
 *
 * <p><b>Python:</b> the function given to {@code Pool.starmap}, called with each pair unpacked.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {}
