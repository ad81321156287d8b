package dev.concurrency.cluster;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to a cluster member. A lambda declared with this type is serializable; what
 * it captures must be serializable too, and is copied when the task is submitted. The class that declares the
 * lambda (or the named class that implements this interface) must be on the members' class path and allowed by
 * their deserialization allowlist ({@link ClusterMember.Builder#allow}).
 *
 * <p>Thread-safety and memory consistency: each member runs its own deserialized copy, so the copy is confined
 * to the thread that runs it; nothing it changes is seen by the submitter, whose only news of the run is the
 * future's completion (see the <a href="package-summary.html#MemoryVisibility">package documentation</a>).
 *
 * <p><b>Python:</b> the callable given to {@code Executor.submit}, which {@code pickle} sends by reference to a
 * module-level function; here the lambda's captured values travel with it.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
