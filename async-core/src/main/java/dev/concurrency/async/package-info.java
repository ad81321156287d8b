/**
 * An asyncio-faithful event loop with straight-line coroutines on virtual threads.
 *
 * <p>Entry point: {@link dev.concurrency.async.AsyncIO} (static-import it; {@code run}, {@code sleep},
 * {@code createTask}, {@code gather}, ...). Underneath: {@link dev.concurrency.async.EventLoop} (callbacks,
 * timers, the tick), {@link dev.concurrency.async.AsyncFuture} (a loop-bound future) and {@link
 * dev.concurrency.async.AsyncTask} (a coroutine on its own virtual thread). Scopes: {@link
 * dev.concurrency.async.Timeout}, {@link dev.concurrency.async.TaskGroup}. Several runs on one loop: {@link
 * dev.concurrency.async.Runner}. Making tasks: {@link dev.concurrency.async.TaskFactory} (the eager factory), {@link
 * dev.concurrency.async.TaskOptions}. Context variables: {@link dev.concurrency.async.ContextVar}, {@link
 * dev.concurrency.async.Context}. Tests: {@link dev.concurrency.async.VirtualClock}.
 *
 * <h2>The baton</h2>
 *
 * <p>Each task runs on its own virtual thread, but only the thread holding the loop's baton runs: task code,
 * callbacks and the loop's own bookkeeping all run under it, one at a time. A task that awaits keeps the baton
 * and runs the loop itself until the next ready item is another task's resumption, which it hands the baton
 * to; so callbacks, and resuming the task that just yielded, cost no thread switch. This gives asyncio's
 * interleavings exactly: code between two awaits is never interleaved with other loop code.
 *
 * <p>An experimental scheduler runs tasks as the JDK's internal {@code jdk.internal.vm.Continuation} on the
 * loop's thread instead (no thread per task); it is off unless the JVM runs with {@code
 * -Ddev.concurrency.async.continuations=true} and {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 * The same happens-before edges hold there trivially: everything runs on one thread.
 *
 * <h2>Extending the loop</h2>
 *
 * <p>Build on {@link dev.concurrency.async.EventLoop#createFuture()}: complete the future from a callback (or
 * from another thread through {@link dev.concurrency.async.EventLoop#callSoonThreadsafe}), and tasks {@code
 * await()} it. The loop's idle wait is behind the {@link dev.concurrency.async.internal.Waiter} seam: the default
 * {@link dev.concurrency.async.internal.IoWaiter} parks until a stream first asks for the loop's {@code Selector},
 * then waits in {@code select(timeout)} (package-private {@code EventLoop.Builder.waiter} replaces it). Work the loop waits for on other threads
 * can keep a virtual clock from jumping with the package-private {@code EventLoop.holdClock()}.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>The baton is a volatile field of the loop (its owner thread). Passing it is a volatile write followed by
 * {@code LockSupport.unpark} (or {@code Thread.start} for a new task); the receiving thread parks until its
 * volatile read of the field returns itself. Park and unpark alone create no happens-before edge; the
 * volatile write and read do. Hence:
 *
 * <ul>
 *   <li>Everything a task or callback did before the baton moved on happens-before everything the next
 *       holder does: loop-confined objects (futures, tasks, handles, your own data touched only from the loop)
 *       need no further synchronization.
 *   <li>Actions in a thread before {@code EventLoop.callSoonThreadsafe(r)} happen-before {@code r} runs (the
 *       inbox is a {@link java.util.concurrent.ConcurrentLinkedQueue}).
 *   <li>Actions before the completion of a {@link java.util.concurrent.CompletionStage} given to {@link
 *       dev.concurrency.async.EventLoop#wrap} happen-before the wrapped future's callbacks run.
 *   <li>Actions of the loop before it completes an {@code AsyncFuture} happen-before the dependents of its
 *       {@link dev.concurrency.async.AsyncFuture#toCompletableFuture()} run, on any thread.
 * </ul>
 *
 * <h2>Cancellation</h2>
 *
 * <p>{@link dev.concurrency.async.CancelledError} extends {@link java.lang.Error}, so that {@code catch
 * (Exception e)} does not swallow it, for the reason asyncio made {@code CancelledError} a {@code
 * BaseException}. Tasks are never interrupted with {@code Thread.interrupt()}.
 *
 * <p>Python counterparts are named in each class; differences are listed there.
 */
@NullMarked
package dev.concurrency.async;

import org.jspecify.annotations.NullMarked;
