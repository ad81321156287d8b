/**
 * TCP streams on the event loop: {@link dev.concurrency.async.streams.Streams#openConnection} and {@link
 * dev.concurrency.async.streams.Streams#startServer}, with {@link dev.concurrency.async.streams.StreamReader},
 * {@link dev.concurrency.async.streams.StreamWriter} and {@link dev.concurrency.async.streams.StreamServer}
 * (asyncio's streams API).
 *
 * <p>Sockets are non-blocking NIO channels registered with one selector per event loop. A companion platform
 * thread selects and posts readiness to the loop through {@link
 * dev.concurrency.async.EventLoop#callSoonThreadsafe}; every read, write and accept runs on the loop itself.
 * Hence a read that returns data, and the handler task that got a connection, run under the loop's baton like
 * any other task code.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Socket data reaches the loop only through {@code callSoonThreadsafe} (actions before it happen-before the
 * callback) and is then handed to tasks under the baton. Readers, writers and servers are loop-confined.
 */
@NullMarked
package dev.concurrency.async.streams;

import org.jspecify.annotations.NullMarked;
