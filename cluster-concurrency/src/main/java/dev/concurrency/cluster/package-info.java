/**
 * The process pool's contract on a cluster: Python's {@code concurrent.futures.Executor} and
 * {@code multiprocessing.Pool} over the members of a Hazelcast cluster, as Ray's
 * {@code ray.util.multiprocessing.Pool} and Dask's {@code Client.get_executor()} offer them in Python.
 *
 * <ul>
 *   <li>{@link dev.concurrency.cluster.ClusterMember}: an embedded member in this JVM that forms or joins a
 *       cluster (TCP/IP join, multicast off);
 *   <li>{@link dev.concurrency.cluster.ClusterClient}: a client connection to a cluster that runs elsewhere;
 *   <li>{@link dev.concurrency.cluster.ClusterPool}: an {@link java.util.concurrent.ExecutorService} with
 *       {@code map}, {@code imap}, {@code imapUnordered} and {@code starmap}, on either of them;
 *   <li>{@link dev.concurrency.cluster.Placement} (round-robin, by key, on a member) and
 *       {@link dev.concurrency.cluster.Delivery} (at-most-once, at-least-once): where a task runs and what a
 *       member's death does to it;
 *   <li>{@link dev.concurrency.cluster.WorkLog} and {@link dev.concurrency.cluster.TaskRun}: which member ran
 *       what, and when.
 * </ul>
 *
 * <p>Tasks travel by Java serialization: declare lambdas as {@link dev.concurrency.cluster.SerializableCallable},
 * {@link dev.concurrency.cluster.SerializableRunnable}, {@link dev.concurrency.cluster.SerializableFunction} or
 * {@link dev.concurrency.cluster.SerializableBiFunction}. A task that cannot be serialized is refused when it is
 * submitted; a member deserializes only classes its allowlist names; exceptions come back as data
 * ({@link dev.concurrency.cluster.RemoteException}).
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>A member shares no heap with the submitter, even when it is an embedded member in the same JVM: it runs a
 * copy of the task, deserialized from the bytes taken when the task was submitted, so later changes to objects the
 * task captured are not seen. Actions in a thread before submitting a task <i>happen-before</i> the task is
 * serialized; the member's completion of the task (its result deserialized here) <i>happens-before</i> the
 * corresponding {@code Future.get()} returns, and <i>happens-before</i> the task's {@link
 * dev.concurrency.cluster.TaskRun} appears in {@link dev.concurrency.cluster.WorkLog#runs()}.
 */
@NullMarked
package dev.concurrency.cluster;

import org.jspecify.annotations.NullMarked;
