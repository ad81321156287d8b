/**
 * TCP streams on the event loop: {@link dev.concurrency.async.streams.Streams#openConnection} and {@link
 * dev.concurrency.async.streams.Streams#startServer}, with {@link dev.concurrency.async.streams.StreamReader},
 * {@link dev.concurrency.async.streams.StreamWriter} and {@link dev.concurrency.async.streams.StreamServer}
 * (asyncio's streams API).
 *
 * <p>Sockets are non-blocking NIO channels registered with the event loop's own selector: once a stream uses
 * it, the loop's idle wait is {@code Selector.select(timeout)} and every tick polls it without blocking, as
 * asyncio's selector loop does. Every read, write and accept runs on the loop, under its baton, like any other
 * task code.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Socket data is read by the loop itself and handed to tasks under the baton, so no further synchronization
 * is involved. Readers, writers and servers are loop-confined.
 */
@NullMarked
package dev.concurrency.async.streams;

import org.jspecify.annotations.NullMarked;
