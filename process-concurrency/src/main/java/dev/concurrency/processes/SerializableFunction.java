package dev.concurrency.processes;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to a child process, as {@link ProcessPool#map} does. See
 * {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and memory-consistency
 * contract (each worker runs its own copy; only the result travels back).
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
