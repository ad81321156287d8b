/**
 * Bridges between the event loop and threads: {@link dev.concurrency.async.bridge.ThreadBridge} ({@code
 * asyncio.to_thread}, {@code loop.run_in_executor}, {@code asyncio.wrap_future}, {@code
 * asyncio.run_coroutine_threadsafe}).
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Results cross from threads to the loop through {@link dev.concurrency.async.EventLoop#callSoonThreadsafe}
 * (actions before the call happen-before the callback runs), and from the loop to threads through {@link
 * java.util.concurrent.CompletableFuture} (actions before completion happen-before its dependents run and
 * {@code get()} returns).
 */
@NullMarked
package dev.concurrency.async.bridge;

import org.jspecify.annotations.NullMarked;
