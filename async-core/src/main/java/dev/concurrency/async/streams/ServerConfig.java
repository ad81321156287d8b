package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How {@link Streams#startServer(ClientHandler, String, int, ServerConfig)} and {@link
 * Streams#startUnixServer(ClientHandler, java.nio.file.Path, ServerConfig)} set up a server: an immutable value,
 * changed one setting at a time from {@link #defaults()}.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=serverConfig}
 *
 * <p><b>Thread-safety.</b> Immutable.
 *
 * <p><b>Python:</b> the keyword arguments of {@code asyncio.start_server} and {@code start_unix_server}.
 *
 * @param limit each connection's {@link StreamReader} limit ({@code limit=}, 64 KiB by default)
 * @param backlog how many connections the kernel queues before they are accepted ({@code backlog=}, 100)
 * @param startServing whether to accept connections at once ({@code start_serving=}, true); if false, {@link
 *     StreamServer#startServing()} or {@link StreamServer#serveForever()} starts. The socket listens either way
 *     (the JDK binds and listens in one call), so early clients wait in the backlog instead of being refused
 * @param reuseAddress whether to set {@code SO_REUSEADDR} on a TCP socket ({@code reuse_address=}, true)
 * @param cleanupSocket whether closing a Unix server removes its socket file, if it is still the one the server
 *     bound ({@code cleanup_socket=}, 3.13; true)
 */
public record ServerConfig(int limit, int backlog, boolean startServing, boolean reuseAddress,
    boolean cleanupSocket) {

  /** asyncio's default backlog. */
  public static final int DEFAULT_BACKLOG = 100;

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if {@code limit} or {@code backlog} is not positive
   */
  public ServerConfig {
    checkArgument(limit > 0, "ServerConfig.limit (the stream reader's buffer limit) must be > 0, got %s", limit);
    checkArgument(backlog > 0, "ServerConfig.backlog must be > 0, got %s", backlog);
  }

  /**
   * asyncio's defaults: limit 64 KiB, backlog 100, serving at once, address reuse, socket file cleanup.
   *
   * @return asyncio's defaults
   */
  public static ServerConfig defaults() {
    return new ServerConfig(StreamReader.DEFAULT_LIMIT, DEFAULT_BACKLOG, true, true, true);
  }

  /**
   * This configuration with another reader limit.
   *
   * @param newLimit the new buffer limit in bytes
   * @return a copy of this configuration with that one change
   */
  public ServerConfig withLimit(int newLimit) {
    return new ServerConfig(newLimit, backlog, startServing, reuseAddress, cleanupSocket);
  }

  /**
   * This configuration with another backlog.
   *
   * @param newBacklog the new backlog of connections not yet accepted
   * @return a copy of this configuration with that one change
   */
  public ServerConfig withBacklog(int newBacklog) {
    return new ServerConfig(limit, newBacklog, startServing, reuseAddress, cleanupSocket);
  }

  /**
   * This configuration, accepting at once or only once asked to.
   *
   * @param newStartServing {@code true} to accept at once, {@code false} to wait for {@link StreamServer#startServing()}
   * @return a copy of this configuration with that one change
   */
  public ServerConfig withStartServing(boolean newStartServing) {
    return new ServerConfig(limit, backlog, newStartServing, reuseAddress, cleanupSocket);
  }

  /**
   * This configuration with or without {@code SO_REUSEADDR}.
   *
   * @param newReuseAddress whether to set {@code SO_REUSEADDR}
   * @return a copy of this configuration with that one change
   */
  public ServerConfig withReuseAddress(boolean newReuseAddress) {
    return new ServerConfig(limit, backlog, startServing, newReuseAddress, cleanupSocket);
  }

  /**
   * This configuration with or without removing a Unix socket file at close.
   *
   * @param newCleanupSocket whether to remove the Unix socket file at close
   * @return a copy of this configuration with that one change
   */
  public ServerConfig withCleanupSocket(boolean newCleanupSocket) {
    return new ServerConfig(limit, backlog, startServing, reuseAddress, newCleanupSocket);
  }
}
