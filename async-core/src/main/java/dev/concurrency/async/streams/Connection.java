package dev.concurrency.async.streams;

import static java.util.Objects.requireNonNull;

/**
 * The two halves of a connection, as {@link Streams#openConnection} returns them.
 *
 * <p><b>Python:</b> the {@code (reader, writer)} pair of {@code asyncio.open_connection}.
 *
 * @param reader the reading half
 * @param writer the writing half
 */
public record Connection(StreamReader reader, StreamWriter writer) {

  /** Checks the parts. */
  public Connection {
    requireNonNull(reader, "reader");
    requireNonNull(writer, "writer");
  }
}
