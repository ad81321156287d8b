package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.IoWaiter;
import dev.concurrency.async.ThreadBridge;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * TCP streams on the event loop: {@link #openConnection} connects and returns a reader and a writer, {@link
 * #startServer} listens and runs a handler task per connection.
 *
 * <pre>{@code
 * import static dev.concurrency.async.streams.Streams.*;
 *
 * Connection c = openConnection("127.0.0.1", 8888);
 * c.writer().write("hello\n".getBytes(UTF_8));
 * byte[] echo = c.reader().readLine();
 * c.writer().close();
 * c.writer().waitClosed();
 * }</pre>
 *
 * <p><b>Semantics.</b> Both must be called from a task. Sockets are non-blocking NIO channels; readiness comes
 * from the loop's own selector (see {@link StreamReader} and {@link StreamWriter} for reading, writing
 * and flow control). Host names are resolved on the {@link ThreadBridge#toThread default thread pool}, so a slow
 * DNS lookup never holds the loop; IP literals are used as they are.
 *
 * <p><b>Errors.</b> A refused connection throws {@link ConnectException} naming the address; an unknown host
 * {@link java.net.UnknownHostException}; a port already in use {@link java.net.BindException}. None of them
 * leaves a socket open.
 *
 * <p><b>Thread-safety.</b> Call from tasks of a running loop; the streams and server are loop-confined.
 *
 * <p><b>Memory consistency.</b> See {@link dev.concurrency.async.streams the package}.
 *
 * <p><b>Python:</b> {@code asyncio.open_connection} and {@code asyncio.start_server}. Differences: no SSL, no
 * Unix sockets; the buffer limit is the reader's default (64 KiB).
 */
public final class Streams {

  private Streams() {}

  /**
   * Connects to {@code host:port} and returns the connection's reader and writer.
   *
   * <p>Ends in one of these ways: returns the connection; throws {@link ConnectException} if the connection is
   * refused; throws another {@link IOException} if it fails otherwise; throws {@link
   * dev.concurrency.async.CancelledError} if the task is cancelled (the socket is closed).
   *
   * @throws IllegalStateException if called outside a task
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  public static Connection openConnection(String host, int port) throws IOException {
    requireNonNull(host, "host");
    checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535, got %s", port);
    EventLoop loop = requireTaskLoop("openConnection");
    InetSocketAddress address = resolve(host, port);
    IoSelector io = IoSelector.of(loop);
    SocketChannel channel = SocketChannel.open();
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
          ConnectException clear =
              new ConnectException("connection to " + address + " refused: is a server listening there?");
          clear.initCause(e);
          throw clear;
        }
      }
      StreamReader reader = new StreamReader();
      SocketTransport transport = new SocketTransport(loop, io, channel, reader);
      ok = true;
      return new Connection(reader, new StreamWriter(transport));
    } finally {
      if (!ok) {
        channel.close();
      }
    }
  }

  /**
   * Starts a server on {@code host:port} ({@code port} 0: any free port) that runs {@code handler} as a new
   * task for each connection; see {@link StreamServer}.
   *
   * @throws java.net.BindException if the address is in use
   * @throws IllegalStateException if called outside a task
   */
  public static StreamServer startServer(ClientHandler handler, String host, int port) throws IOException {
    requireNonNull(handler, "handler");
    requireNonNull(host, "host");
    checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535, got %s", port);
    EventLoop loop = requireTaskLoop("startServer");
    InetSocketAddress address = resolve(host, port);
    ServerSocketChannel channel = ServerSocketChannel.open();
    boolean ok = false;
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, /* backlog= */ 1024);
      StreamServer server = new StreamServer(loop, IoSelector.of(loop), channel, handler);
      ok = true;
      return server;
    } finally {
      if (!ok) {
        channel.close();
      }
    }
  }

  private static InetSocketAddress resolve(String host, int port) {
    if (InetAddresses.isInetAddress(host)) {
      return new InetSocketAddress(InetAddresses.forString(host), port);
    }
    InetAddress address = ThreadBridge.toThread(() -> InetAddress.getByName(host));
    return new InetSocketAddress(address, port);
  }

  private static EventLoop requireTaskLoop(String what) {
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(what + "() must be called from a task of a running event loop");
    }
    return task.getLoop();
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
