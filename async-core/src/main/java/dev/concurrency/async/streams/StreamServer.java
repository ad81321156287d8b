package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A listening TCP socket on the loop that runs a {@link ClientHandler} task per accepted connection.
 *
 * <pre>{@code
 * StreamServer server = Streams.startServer((reader, writer) -> {
 *   for (byte[] line = reader.readLine(); line.length > 0; line = reader.readLine()) {
 *     writer.write(line);
 *     writer.drain();
 *   }
 * }, "127.0.0.1", 0);                    // port 0: any free port, see port()
 * ...
 * server.close();                        // stop accepting, close the connections cleanly
 * server.waitClosed();                   // until every handler task has finished
 * }</pre>
 *
 * <p><b>Semantics.</b> Accepting starts at once. Each connection gets a reader, a writer and a task running the
 * handler; when the handler ends, its connection is closed after what it wrote is sent. {@link #close()} stops
 * accepting and closes every open connection the same clean way (their readers see EOF, so handlers waiting
 * for data end); {@link #waitClosed()} waits for all handler tasks. A handler's exception goes to the loop's
 * exception handler and closes only its own connection.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Memory consistency.</b> What the task that started the server did before {@code startServer} happens-
 * before each handler task starts.
 *
 * <p><b>Python:</b> {@code asyncio.Server}. Differences: {@code close()} also closes the open connections
 * (Python 3.13: {@code close()} then {@code close_clients()}); the handler's connection is closed when it ends.
 */
public final class StreamServer {

  private final EventLoop loop;
  private final IoSelector io;
  private final ServerSocketChannel channel;
  private final ClientHandler handler;
  private final SelectionKey key;
  private final InetSocketAddress address;
  private final Set<SocketTransport> connections = new LinkedHashSet<>();
  private final Set<AsyncTask<?>> handlers = new LinkedHashSet<>();
  private final AsyncFuture<@Nullable Void> closed;
  private int accepted;

  StreamServer(EventLoop loop, IoSelector io, ServerSocketChannel channel, ClientHandler handler)
      throws IOException {
    this.loop = loop;
    this.io = io;
    this.channel = channel;
    this.handler = handler;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.closed = loop.createFuture();
    this.key = io.register(channel, SelectionKey.OP_ACCEPT, this::onAcceptable);
  }

  /** The port the server listens on (useful after binding port 0). */
  public int port() {
    return address.getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress localAddress() {
    return address;
  }

  /** Whether the server still accepts connections. */
  public boolean isServing() {
    return !closed.done();
  }

  /** How many connections were accepted so far. */
  public int acceptedCount() {
    return accepted;
  }

  private void onAcceptable(int readyOps) {
    if (closed.done()) {
      return;
    }
    try {
      SocketChannel client;
      while ((client = channel.accept()) != null) {
        serve(client);
      }
      io.arm(key, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      loop.callExceptionHandler(new ErrorContext("accept() failed on " + address, e, null, null));
      io.arm(key, SelectionKey.OP_ACCEPT);
    }
  }

  private void serve(SocketChannel client) throws IOException {
    accepted++;
    StreamReader reader = new StreamReader();
    SocketTransport transport;
    try {
      transport = new SocketTransport(loop, io, client, reader);
    } catch (IOException e) {
      client.close();
      throw e;
    }
    StreamWriter writer = new StreamWriter(transport);
    connections.add(transport);
    transport.closedFuture().addDoneCallback(f -> connections.remove(transport));
    AsyncTask<Void> task = loop.createTask(() -> {
      handler.handle(reader, writer);
      return null;
    }, "client-" + accepted);
    handlers.add(task);
    task.addDoneCallback(t -> {
      handlers.remove(t);
      if (!t.cancelled() && t.exception() != null) {
        loop.callExceptionHandler(
            new ErrorContext("the connection handler failed for " + transport.peer(), t.exception(), t, null));
      }
      transport.close();
    });
  }

  /** Stops accepting and closes every open connection cleanly (queued bytes are sent first). Idempotent. */
  public void close() {
    if (closed.done()) {
      return;
    }
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // the listening socket is gone either way
    }
    for (SocketTransport t : List.copyOf(connections)) {
      t.close();
    }
    closed.setResult(null);
  }

  /**
   * Closes the server (if not yet) and aborts every open connection at once, dropping what is queued: for
   * clients that stopped reading, whose clean close would wait forever. Their handlers' next {@code drain()}
   * throws.
   *
   * <p><b>Python:</b> {@code Server.abort_clients()} (3.13).
   */
  public void abortClients() {
    close();
    for (SocketTransport t : List.copyOf(connections)) {
      t.abort();
    }
  }

  /** Suspends the calling task until the server is closed and every handler task and connection has ended. */
  public void waitClosed() {
    closed.await();
    List<AsyncFuture<?>> pending = new ArrayList<>(handlers);
    for (SocketTransport t : connections) {
      pending.add(t.closedFuture());
    }
    if (!pending.isEmpty()) {
      AsyncIO.gather(pending, /* returnExceptions= */ true).await();
    }
  }

  /**
   * Suspends the calling task until the server is closed; if the task is cancelled, closes the server.
   *
   * <p><b>Python:</b> {@code Server.serve_forever()}.
   */
  public void serveForever() {
    try {
      closed.await();
    } catch (CancelledError e) {
      close();
      throw e;
    }
  }


  @Override
  public String toString() {
    return "StreamServer[" + address + (isServing() ? ", serving" : ", closed") + ", connections="
        + connections.size() + "]";
  }
}
