/**
 * Python's {@code multiprocessing} on the JVM: tasks that run in child JVMs started with this JVM's own
 * {@code java} binary and class path.
 *
 * <ul>
 *   <li>{@link dev.concurrency.processes.ChildProcess}: one task in one child ({@code multiprocessing.Process});
 *   <li>{@link dev.concurrency.processes.ProcessPool}: an {@link java.util.concurrent.ExecutorService} of reusable
 *       worker JVMs ({@code concurrent.futures.ProcessPoolExecutor}, {@code multiprocessing.Pool});
 *   <li>{@link dev.concurrency.processes.SharedMemory}: a memory-mapped region with atomic operations and a
 *       cross-process lock ({@code multiprocessing.shared_memory}, {@code Value}, {@code Lock}).
 * </ul>
 *
 * <p>Tasks cross the process boundary by Java serialization: declare lambdas as
 * {@link dev.concurrency.processes.SerializableRunnable}, {@link dev.concurrency.processes.SerializableCallable} or
 * {@link dev.concurrency.processes.SerializableFunction}. The receiving side decodes through an allowlist filter
 * with size and depth limits; exceptions cross as data ({@link dev.concurrency.processes.RemoteException}).
 * Nothing listens on a network port: parent and child talk over the child's stdin and stdout.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Processes share no heap, so a child sees the state of the parent only as far as it was serialized into
 * the task: the task is serialized when it is submitted (or when a {@code ChildProcess} is built), and later
 * changes to captured objects are not seen by the child. Within the parent, actions before submitting a task
 * <i>happen-before</i> the child runs it, and the child's completion of a task (its result decoded in the
 * parent) <i>happens-before</i> the corresponding {@code Future.get()} returns. Operations on
 * {@link dev.concurrency.processes.SharedMemory} follow the {@link java.lang.invoke.VarHandle} access modes
 * their names give, across processes as well as threads, because every process maps the same physical pages.
 */
@NullMarked
package dev.concurrency.processes;

import org.jspecify.annotations.NullMarked;
