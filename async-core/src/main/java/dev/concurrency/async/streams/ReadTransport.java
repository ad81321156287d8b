package dev.concurrency.async.streams;

/**
 * What a {@link StreamReader} needs from the transport that feeds it: stop and restart reading, for flow control.
 * Implemented by {@link SocketTransport} and {@link PipeReadTransport}. Loop-confined; package-private.
 *
 * <p><b>Python:</b> the reading half of {@code asyncio.ReadTransport}.
 */
interface ReadTransport {

  /** Stops reading until {@link #resumeReading()}; no effect if not reading. */
  void pauseReading();

  /** Reads again after {@link #pauseReading()}; no effect if closing or not paused. */
  void resumeReading();

  /** Whether the transport reads: not paused and not closing. */
  boolean isReading();
}
