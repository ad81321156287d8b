package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ThreadBridge;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Stream connections on the event loop, TCP and Unix domain: {@link #openConnection} and {@link
 * #openUnixConnection} connect and return a reader and a writer; {@link #startServer} and {@link
 * #startUnixServer} listen and run a handler task per connection.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=streams}
 *
 * <p><b>Semantics.</b> Every method must be called from a task. Sockets are non-blocking NIO channels; readiness
 * comes from the loop's own selector (see {@link StreamReader} and {@link StreamWriter} for reading, writing and
 * flow control). Host names are resolved on the {@link ThreadBridge#toThread default thread pool}, so a slow DNS
 * lookup never holds the loop; IP literals are used as they are. Unix domain sockets (JDK 16+) are named by a
 * file system path; a server removes a stale socket file before binding and its own when it closes.
 *
 * <p><b>Errors.</b> A refused connection throws {@link ConnectException} naming the address; a Unix path with
 * no socket file {@link NoSuchFileException}; an unknown host {@link java.net.UnknownHostException}; an address
 * in use {@link BindException}. None of them leaves a socket open. The task being cancelled while it connects
 * closes the socket too.
 *
 * <p><b>Thread-safety.</b> Call from tasks of a running loop; the streams and servers are loop-confined.
 *
 * <p><b>Memory consistency.</b> See {@link dev.concurrency.async.streams the package}.
 *
 * <p><b>Python:</b> {@code asyncio.open_connection}, {@code start_server}, {@code open_unix_connection} and
 * {@code start_unix_server}. Differences: no SSL and no happy eyeballs; a server listens on one address (the
 * first the host resolves to), where asyncio binds every address a host name resolves to; keyword arguments are
 * a {@link ServerConfig}; Linux abstract socket names are not supported (the JDK's Unix addresses are paths).
 */
public final class Streams {

  private Streams() {}

  // ---------------------------------------------------------------- TCP

  /**
   * Connects to {@code host:port} with the default reader limit; see {@link #openConnection(String, int, int)}.
   *
   * @param host the host name or address
   * @param port the TCP port
   * @return the connection's reader and writer
   * @throws IOException if the connection fails
   */
  public static Connection openConnection(String host, int port) throws IOException {
    return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Connects to {@code host:port} and returns the connection's reader (with buffer limit {@code limit}) and
   * writer.
   *
   * <p>Ends in one of these ways: returns the connection; throws {@link ConnectException} if the connection is
   * refused; throws another {@link IOException} if it fails otherwise; throws {@link
   * dev.concurrency.async.CancelledError} if the task is cancelled (the socket is closed).
   *
   * @param host the host name or address
   * @param port the TCP port
   * @param limit the reader's buffer limit in bytes
   * @return the connection's reader and writer
   * @throws IllegalStateException if called outside a task
   * @throws IllegalArgumentException if {@code port} is not in 0..65535 or {@code limit} is not positive
   * @throws IOException if the connection fails
   */
  public static Connection openConnection(String host, int port, int limit) throws IOException {
    requireNonNull(host, "host");
    checkPort(port);
    checkLimit(limit);
    EventLoop loop = Io.requireTaskLoop("openConnection");
    InetSocketAddress address = resolve(host, port);
    return connect(loop, SocketChannel.open(), address, limit, address.toString());
  }

  /**
   * Starts a server with {@link ServerConfig#defaults()}; see {@link #startServer(ClientHandler, String, int, ServerConfig)}.
   *
   * @param handler what serves each connection, as a new task
   * @param host the host name or address
   * @param port the TCP port
   * @return the server, listening
   * @throws IOException if the server socket cannot be opened or bound
   */
  public static StreamServer startServer(ClientHandler handler, @Nullable String host, int port) throws IOException {
    return startServer(handler, host, port, ServerConfig.defaults());
  }

  /**
   * Starts a server on {@code host:port} that runs {@code handler} as a new task for each connection; see {@link
   * StreamServer}. {@code port} 0 picks any free port; a {@code null} or empty {@code host} listens on every
   * interface.
   *
   * @param handler what serves each connection, as a new task
   * @param host the host name or address
   * @param port the TCP port
   * @param config the server's settings (reader limit, backlog, serving at once)
   * @return the server, listening
   * @throws BindException if the address is in use
   * @throws IllegalStateException if called outside a task
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  public static StreamServer startServer(ClientHandler handler, @Nullable String host, int port, ServerConfig config)
      throws IOException {
    requireNonNull(handler, "handler");
    requireNonNull(config, "config");
    checkPort(port);
    Io.requireTaskLoop("startServer");
    InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port) : resolve(host, port);
    ServerSocketChannel channel = ServerSocketChannel.open();
    return listen(handler, channel, config, () -> {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, config.reuseAddress());
      channel.bind(address, config.backlog());
    });
  }

  /**
   * Starts a server on a socket that is already bound ({@code sock=} in asyncio): a TCP or a Unix domain {@link
   * ServerSocketChannel}. The server owns it from now on and closes it; a Unix one's socket file is removed at
   * close when {@link ServerConfig#cleanupSocket()} is set.
   *
   * @param handler what serves each connection, as a new task
   * @param channel the bound server socket channel the server takes over
   * @param config the server's settings (reader limit, backlog, serving at once)
   * @return the server, listening
   * @throws IllegalArgumentException if {@code channel} is not bound
   * @throws IllegalStateException if called outside a task
   * @throws IOException if the channel cannot be set up for the loop
   */
  public static StreamServer startServer(ClientHandler handler, ServerSocketChannel channel, ServerConfig config)
      throws IOException {
    requireNonNull(handler, "handler");
    requireNonNull(channel, "channel");
    requireNonNull(config, "config");
    Io.requireTaskLoop("startServer");
    checkArgument(channel.getLocalAddress() != null, "startServer(channel) needs a bound server socket channel");
    return listen(handler, channel, config, () -> { });
  }

  // ---------------------------------------------------------------- Unix domain

  /**
   * Connects to the Unix domain socket at {@code path} with the default reader limit.
   *
   * @param path the path of the Unix domain socket file
   * @return the connection's reader and writer
   * @throws IOException if the connection fails
   */
  public static Connection openUnixConnection(Path path) throws IOException {
    return openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Connects to the Unix domain socket at {@code path} and returns the connection's reader (with buffer limit
   * {@code limit}) and writer.
   *
   * @param path the path of the Unix domain socket file
   * @param limit the reader's buffer limit in bytes
   * @return the connection's reader and writer
   * @throws NoSuchFileException if there is no socket file at {@code path}
   * @throws ConnectException if the file exists but nobody listens on it
   * @throws IllegalStateException if called outside a task
   */
  public static Connection openUnixConnection(Path path, int limit) throws IOException {
    requireNonNull(path, "path");
    checkLimit(limit);
    EventLoop loop = Io.requireTaskLoop("openUnixConnection");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no Unix domain socket there: is a server listening?");
    }
    return connect(loop, SocketChannel.open(StandardProtocolFamily.UNIX), UnixDomainSocketAddress.of(path), limit,
        "unix:" + path);
  }

  /**
   * Starts a Unix domain server with {@link ServerConfig#defaults()}.
   *
   * @param handler what serves each connection, as a new task
   * @param path the path of the Unix domain socket file
   * @return the server, listening
   * @throws IOException if the server socket cannot be opened or bound
   */
  public static StreamServer startUnixServer(ClientHandler handler, Path path) throws IOException {
    return startUnixServer(handler, path, ServerConfig.defaults());
  }

  /**
   * Starts a server on the Unix domain socket at {@code path}, which runs {@code handler} as a new task for each
   * connection. A socket file left at {@code path} by a server that did not clean up is removed first; any other
   * file there makes the bind fail.
   *
   * @param handler what serves each connection, as a new task
   * @param path the path of the Unix domain socket file
   * @param config the server's settings (reader limit, backlog, serving at once)
   * @return the server, listening
   * @throws BindException if {@code path} is in use
   * @throws IllegalStateException if called outside a task
   */
  public static StreamServer startUnixServer(ClientHandler handler, Path path, ServerConfig config)
      throws IOException {
    requireNonNull(handler, "handler");
    requireNonNull(path, "path");
    requireNonNull(config, "config");
    Io.requireTaskLoop("startUnixServer");
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    return listen(handler, channel, config, () -> {
      UnixSocketFile.removeStale(path);
      try {
        channel.bind(UnixDomainSocketAddress.of(path), config.backlog());
      } catch (BindException e) {
        BindException clear = new BindException("address " + path + " is already in use");
        clear.initCause(e);
        throw clear;
      }
    });
  }

  // ---------------------------------------------------------------- shared

  /** What binds a server's channel; may throw. */
  @FunctionalInterface
  private interface Binding {
    void bind() throws IOException;
  }

  private static StreamServer listen(ClientHandler handler, ServerSocketChannel channel, ServerConfig config,
      Binding binding) throws IOException {
    EventLoop loop = Io.requireTaskLoop("startServer");
    boolean ok = false;
    try {
      binding.bind();
      UnixSocketFile socketFile = null;
      if (config.cleanupSocket() && channel.getLocalAddress() instanceof UnixDomainSocketAddress unix) {
        socketFile = UnixSocketFile.bound(unix.getPath());
      }
      StreamServer server = new StreamServer(loop, IoSelector.of(loop), channel, handler, config.limit(), socketFile);
      if (config.startServing()) {
        server.serveNow();
      }
      ok = true;
      return server;
    } finally {
      if (!ok) {
        channel.close();
      }
    }
  }

  private static Connection connect(EventLoop loop, SocketChannel channel, SocketAddress address, int limit,
      String name) throws IOException {
    IoSelector io = IoSelector.of(loop);
    boolean ok = false;
    try {
      channel.configureBlocking(false);
      if (!channel.connect(address)) {
        AsyncFuture<@Nullable Void> ready = loop.createFuture();
        io.register(channel, SelectionKey.OP_CONNECT, new ConnectWait(ready));
        ready.await();
        try {
          channel.finishConnect();
        } catch (ConnectException e) {
          ConnectException clear = new ConnectException("connection to " + name + " refused: is a server listening there?");
          clear.initCause(e);
          throw clear;
        }
      }
      StreamReader reader = new StreamReader(limit);
      SocketTransport transport = new SocketTransport(loop, io, channel, reader, null);
      ok = true;
      return new Connection(reader, new StreamWriter(transport, reader));
    } catch (ConnectException e) {
      throw e;
    } catch (IOException e) {
      if (address instanceof UnixDomainSocketAddress && String.valueOf(e.getMessage()).contains("refused")) {
        ConnectException clear = new ConnectException("connection to " + name + " refused: is a server listening there?");
        clear.initCause(e);
        throw clear;
      }
      throw e;
    } finally {
      if (!ok) {
        channel.close();
      }
    }
  }

  private static InetSocketAddress resolve(String host, int port) throws IOException {
    if (InetAddresses.isInetAddress(host)) {
      return new InetSocketAddress(InetAddresses.forString(host), port);
    }
    try {
      InetAddress address = ThreadBridge.toThread(() -> InetAddress.getByName(host));
      return new InetSocketAddress(address, port);
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException lookupFailed) { // UnknownHostException, as the method says
        throw lookupFailed;
      }
      throw e;
    }
  }

  private static void checkPort(int port) {
    checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535, got %s", port);
  }

  private static void checkLimit(int limit) {
    checkArgument(limit > 0, "limit (the stream reader's buffer limit) must be > 0, got %s", limit);
  }

  /** Completes the connect future when the socket is ready to finish connecting. */
  private record ConnectWait(AsyncFuture<@Nullable Void> ready) implements IoWaiter.Handler {
    @Override
    public void onReady(int readyOps) {
      if (!ready.done()) {
        ready.setResult(null);
      }
    }
  }
}
