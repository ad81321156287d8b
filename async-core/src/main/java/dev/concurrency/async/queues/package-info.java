/**
 * Queues for the tasks of one event loop: {@link dev.concurrency.async.queues.AsyncQueue} (FIFO), {@link
 * dev.concurrency.async.queues.AsyncLifoQueue} and {@link dev.concurrency.async.queues.AsyncPriorityQueue},
 * asyncio's {@code Queue}, {@code LifoQueue} and {@code PriorityQueue}, with {@code maxsize}, {@code
 * taskDone}/{@code join} and {@code shutdown}.
 *
 * <p>They suspend tasks, never threads, and are loop-confined; a {@link java.util.concurrent.BlockingQueue} is
 * the tool between threads. The {@code Async} prefix keeps them apart from {@link java.util.Queue} and {@link
 * java.util.PriorityQueue}.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>All operations run under the loop's baton (see {@link dev.concurrency.async the core package}): actions of
 * a task before it puts an item happen-before the actions of the task that gets it. Threads outside the loop
 * put items through {@link dev.concurrency.async.EventLoop#callSoonThreadsafe}, whose happens-before edge
 * covers them.
 */
@NullMarked
package dev.concurrency.async.queues;

import org.jspecify.annotations.NullMarked;
