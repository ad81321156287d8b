/**
 * Synchronization primitives for the tasks of one event loop: {@link dev.concurrency.async.sync.AsyncLock},
 * {@link dev.concurrency.async.sync.AsyncSemaphore}, {@link dev.concurrency.async.sync.AsyncBoundedSemaphore},
 * {@link dev.concurrency.async.sync.AsyncEvent}, {@link dev.concurrency.async.sync.AsyncCondition} and {@link
 * dev.concurrency.async.sync.AsyncBarrier}: asyncio's {@code Lock}, {@code Semaphore}, {@code
 * BoundedSemaphore}, {@code Event}, {@code Condition} and {@code Barrier}.
 *
 * <p>They suspend tasks, never threads: a waiting task's thread parks and the loop runs other tasks. They are not
 * thread-safe, and need not be: only the holder of the loop's baton runs, one at a time. Waiters are woken in
 * FIFO order, and a waiter cancelled before or after it was woken never strands the next one (CPython bpo-27585
 * for locks, gh-90155 for semaphores, gh-112202 for conditions). A primitive is bound to the event loop it first
 * waits in, as asyncio's are; one that never had to wait may be used from any loop. Each class is named {@code Async...} so that it never shadows the {@code
 * java.util.concurrent} type of the same idea imported beside it ({@code Lock}, {@code Semaphore}, {@code
 * Condition}).
 *
 * <p>{@code async with lock:} is written {@code lock.acquire(); try (lock) { ... }}: the lock, semaphore and
 * condition are {@link java.lang.AutoCloseable}, and their {@code close()} releases.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Every method runs under the loop's baton (see {@link dev.concurrency.async the core package}): actions of
 * a task before it releases, sets or notifies happen-before the actions of a task that resumes because of it.
 * Threads outside the loop reach these objects only through {@link
 * dev.concurrency.async.EventLoop#callSoonThreadsafe}, whose happens-before edge covers them.
 */
@NullMarked
package dev.concurrency.async.sync;

import org.jspecify.annotations.NullMarked;
