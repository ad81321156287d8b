package dev.concurrency.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to a cluster member; its result travels back, so it must be serializable
 * and allowed by the submitter's allowlist too. See {@link SerializableRunnable} for what a lambda may capture,
 * and for the thread-safety and memory-consistency contract.
 *
 * <p><b>Python:</b> the callable given to {@code Executor.submit}, whose return value becomes the future's result.
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {}
