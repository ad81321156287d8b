package dev.concurrency.async.streams;

/**
 * What a {@link StreamServer} runs, as a new task, for each accepted connection.
 *
 * <p><b>Python:</b> the {@code client_connected_cb} of {@code asyncio.start_server}.
 */
@FunctionalInterface
public interface ClientHandler {

  /**
   * Serves one connection. The connection is closed (cleanly, after sending what was written) when this
   * returns or throws; a thrown exception also goes to the loop's exception handler.
   *
   * @param reader the connection's reader
   * @param writer the connection's writer
   * @throws Exception anything the handler fails with
   */
  void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
