/**
 * Threads, thread pools, scheduling policies and structured task scopes, in the style of Python's
 * {@code threading} and {@code concurrent.futures}.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link dev.concurrency.threads.ThreadHandle}: a {@code threading.Thread}-like handle for a platform or
 *       virtual thread whose uncaught exception is captured, not printed and lost;
 *   <li>{@link dev.concurrency.threads.ThreadPool}: a {@code concurrent.futures.ThreadPoolExecutor}-like pool
 *       (lazy {@code imap} and ordered {@code map}, an initializer and a broken state, bounded queue with a
 *       back-pressure policy, a virtual-thread-per-task variant)
 *       that is also an {@link java.util.concurrent.ExecutorService}; its futures are
 *       {@link java.util.concurrent.CompletableFuture}s; {@link dev.concurrency.threads.ConcurrentFutures} holds
 *       {@code wait} and {@code as_completed};
 *   <li>{@link dev.concurrency.threads.ThreadTimer} ({@code threading.Timer}) and {@link
 *       dev.concurrency.threads.ScheduledExecutor} (a {@link java.util.concurrent.ScheduledExecutorService}), both
 *       waiting on a {@link dev.concurrency.threads.TimerClock} that tests replace with a {@link
 *       dev.concurrency.threads.ManualClock};
 *   <li>{@link dev.concurrency.threads.PriorityExecutor} (priority scheduling, FIFO among equals, aging) and
 *       {@link dev.concurrency.threads.RoundRobinExecutor} (time slices for {@link
 *       dev.concurrency.threads.SteppedTask}s): the two scheduling styles of the seed's FAQ Q2;
 *   <li>{@link dev.concurrency.threads.TaskScope}: structured concurrency on virtual threads (Java 21, no
 *       preview), like {@code asyncio.TaskGroup};
 *   <li>{@link dev.concurrency.threads.Counter}: a lost-update counter and its four fixes.
 * </ul>
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Every class here gives the guarantees of {@code java.util.concurrent}:
 *
 * <ul>
 *   <li>Actions in a thread before it submits a task to a pool or executor, or forks it in a scope,
 *       <i>happen-before</i> the task begins to run.
 *   <li>Actions taken by a task <i>happen-before</i> another thread's successful return from {@code get()},
 *       {@code join()} or any other method that observes the task's completion (its future's completion, a
 *       scope's {@code join}, a {@code ThreadHandle}'s {@code join}).
 *   <li>Actions in a thread before it starts a {@code ThreadHandle} <i>happen-before</i> the thread's body runs.
 * </ul>
 *
 * <p>The unsafe counter ({@link dev.concurrency.threads.Counter.Kind#UNSAFE}) is the one deliberate exception:
 * it has no happens-before edges at all, which is the point of it.
 */
@NullMarked
package dev.concurrency.threads;

import org.jspecify.annotations.NullMarked;
