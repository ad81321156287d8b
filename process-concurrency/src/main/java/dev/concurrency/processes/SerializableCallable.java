package dev.concurrency.processes;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to a child process; its result travels back, so it must be serializable
 * too. See {@link SerializableRunnable} for what a lambda may capture, and for the thread-safety and
 * memory-consistency contract (the child runs its own copy; only the result travels back).
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {}
