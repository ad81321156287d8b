/**
 * Streams on the event loop (asyncio's streams and subprocess APIs): TCP and Unix domain connections and servers
 * ({@link dev.concurrency.async.streams.Streams}, {@link dev.concurrency.async.streams.StreamServer}), and
 * subprocesses whose pipes are streams ({@link dev.concurrency.async.streams.Subprocesses}, {@link
 * dev.concurrency.async.streams.AsyncProcess}), all read through a {@link
 * dev.concurrency.async.streams.StreamReader} and written through a {@link
 * dev.concurrency.async.streams.StreamWriter}.
 *
 * <p>Sockets are non-blocking NIO channels registered with the event loop's own selector: once a stream uses
 * it, the loop's idle wait is {@code Selector.select(timeout)} and every tick polls it without blocking, as
 * asyncio's selector loop does. Every read, write and accept runs on the loop, under its baton, like any other
 * task code. A subprocess's pipes, which the JDK cannot select on, are each served by a daemon platform thread
 * doing the blocking reads or writes and handing the data to the loop through {@code callSoonThreadsafe}.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Socket data is read by the loop itself and handed to tasks under the baton, so no further synchronization
 * is involved. Pipe data read or written by a pipe's thread crosses to the loop through {@code
 * callSoonThreadsafe}: what the thread did before it called it happens-before the callback runs on the loop.
 * Readers, writers, servers and processes are loop-confined.
 */
@NullMarked
package dev.concurrency.async.streams;

import org.jspecify.annotations.NullMarked;
