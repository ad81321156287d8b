package dev.concurrency.processes;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to a child process, as {@link ProcessPool#starmap} and the two-iterable
 * {@link ProcessPool#map(SerializableBiFunction, Iterable, Iterable, MapOptions) map} do. See
 * {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and memory-consistency
 * contract (each worker runs its own copy; only the result travels back).
 *
 * <p><b>Python:</b> a function of two arguments passed to {@code Pool.starmap} or to {@code Executor.map} with
 * two iterables.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {}
