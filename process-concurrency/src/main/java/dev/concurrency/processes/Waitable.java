package dev.concurrency.processes;

/**
 * Something {@link Connection#waitAny} can wait on: a {@link Connection} (ready when a message, or end of file,
 * can be received) or a {@link Sentinel} (ready when its process has ended).
 *
 * <p><b>Python:</b> the objects {@code multiprocessing.connection.wait} accepts: connections, sockets and process
 * sentinels. Here the set is closed: the two kinds above.
 */
public sealed interface Waitable permits Connection, Sentinel {}
