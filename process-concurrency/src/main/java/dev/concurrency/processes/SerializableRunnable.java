package dev.concurrency.processes;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to a child process: a lambda or method reference whose target type is
 * this interface is compiled as a serializable lambda.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=byName}
 *
 * <p>Everything the lambda captures must be serializable too, and its classes must be on the child's class
 * path (the parent's own, by default) and allowed by the deserialization allowlist ({@code dev.concurrency.**}
 * and the JDK's value types, plus what the builder adds).
 *
 * <p>Implementations need not be thread-safe: each child runs its own deserialized copy. Memory consistency
 * effects: there are none across the process boundary; the child sees the captured values as they were when the
 * task was serialized, and nothing it writes reaches the parent except through a result, a {@link ProcessQueue},
 * a {@link Pipe} or {@link SharedMemory}.
 *
 * <p><b>Python:</b> the {@code target} callable of {@code multiprocessing.Process}, which is pickled for the
 * {@code spawn} start method.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
