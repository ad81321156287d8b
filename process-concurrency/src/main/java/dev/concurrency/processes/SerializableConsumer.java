package dev.concurrency.processes;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that can be sent to a child process, as a pool's
 * {@link ProcessPool.Builder#initializer(SerializableConsumer, Object) initializer with an argument} is. See
 * {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and memory-consistency
 * contract.
 *
 * <p><b>Python:</b> an {@code initializer} called with {@code initargs}.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {}
