package dev.concurrency.cluster;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to cluster members, as {@link ClusterPool#map} does. See
 * {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and memory-consistency
 * contract (each chunk runs on its own copy; only the results travel back).
 *
 * <p><b>Python:</b> the function given to {@code Pool.map} or {@code Executor.map}.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
