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
 * <h2 id="Interrupts">Interrupts</h2>
 *
 * <p>Every blocking method follows the JDK's rule: interrupted on entry or while it waits, it throws {@link
 * java.lang.InterruptedException} with the interrupt status cleared, and leaves what it waited for alone (the
 * thread, task or scope goes on; the iterators and scopes that say so cancel what they started). One whose outcome
 * is already there (a thread that has ended, a future that is done, a condition that holds) returns it without
 * looking at the status. Where a method cannot throw {@code InterruptedException}, it keeps the interrupt for its
 * caller: the iterators' {@code next()} throw {@link java.util.concurrent.CancellationException} with the status set
 * again, a submission blocked by {@link dev.concurrency.threads.Saturation#BLOCK} is rejected with the status set
 * again, and every {@code close()} finishes its wait (cancelling first) and then sets the status again, as {@link
 * java.util.concurrent.ExecutorService#close()} does. No wait spins on an interrupt status it sets again: each
 * that keeps waiting parks. The README's "Interrupts" section lists every blocking method with its test.
 *
 * <p>The unsafe counter ({@link dev.concurrency.threads.Counter.Kind#UNSAFE}) is the one deliberate exception:
 * it has no happens-before edges at all, which is the point of it.
 */
@NullMarked
package dev.concurrency.threads;

import org.jspecify.annotations.NullMarked;
