package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.TimerHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A listening socket (TCP or Unix domain) on the loop that runs a {@link ClientHandler} task per accepted
 * connection.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=streamServer}
 *
 * <p><b>Semantics</b> (asyncio 3.13's {@code Server}). Each connection gets a reader, a writer and a task running
 * the handler; when the handler ends, its connection is closed after what it wrote is sent. {@link #close()}
 * stops accepting and closes the listening socket only: handlers already running go on and finish their writes
 * undisturbed. {@link #waitClosed()} returns once the server is closed <em>and</em> every connection has closed;
 * to end the connections too, call {@link #closeClients()} (clean) or {@link #abortClients()} (at once). {@link
 * #serveForever()} accepts until the task is cancelled or the server closed. A handler's exception goes to the
 * loop's exception handler ({@code "Unhandled exception in client_connected_cb"}) and closes only its own
 * connection. If accepting fails for lack of resources (too many open files), the error is reported and the
 * server stops accepting for one second, instead of spinning on the error.
 *
 * <p><b>{@code async with server}</b> is {@code try { ... } finally { server.close(); server.waitClosed(); }}.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Memory consistency.</b> What the task that started the server did before {@code startServer} happens-
 * before each handler task starts.
 *
 * <p><b>Python:</b> {@code asyncio.Server}. Differences: a handler's connection is closed when the handler ends
 * (asyncio leaves it to the garbage collector); a server that is not serving yet already listens, so early
 * clients wait in the backlog; {@link #sockets()} lists addresses, not socket objects.
 */
public final class StreamServer {

  /** How long accepting pauses after the system ran out of a resource (asyncio's {@code ACCEPT_RETRY_DELAY}). */
  static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

  private final EventLoop loop;
  private final IoSelector io;
  private final ClientHandler handler;
  private final int limit;
  private final SocketAddress address;
  private final @Nullable UnixSocketFile socketFile;
  private final Set<SocketTransport> clients = new LinkedHashSet<>();
  private Acceptor acceptor = ServerSocketChannel::accept;
  private @Nullable ServerSocketChannel channel; // null once closed (asyncio: _sockets is None)
  private @Nullable SelectionKey key;
  private @Nullable TimerHandle acceptRetry;
  private boolean serving;
  private int activeCount;
  private @Nullable List<AsyncFuture<@Nullable Void>> waiters = new ArrayList<>(); // null once woken for good
  private @Nullable AsyncFuture<@Nullable Void> servingForever;
  private int accepted;

  StreamServer(EventLoop loop, IoSelector io, ServerSocketChannel channel, ClientHandler handler, int limit,
      @Nullable UnixSocketFile socketFile) throws IOException {
    this.loop = loop;
    this.io = io;
    this.channel = channel;
    this.handler = handler;
    this.limit = limit;
    this.socketFile = socketFile;
    this.address = channel.getLocalAddress();
  }

  /**
   * The loop the server runs on.
   *
   * @return the server's loop
   */
  public EventLoop getLoop() {
    return loop;
  }

  /**
   * The TCP port the server listens on (useful after binding port 0).
   *
   * @return the port
   * @throws IllegalStateException for a Unix domain server
   */
  public int port() {
    if (address instanceof InetSocketAddress inet) {
      return inet.getPort();
    }
    throw new IllegalStateException("a Unix domain server has no port; see localAddress()");
  }

  /**
   * The address the server listens (or listened) on: an {@link InetSocketAddress} or a Unix socket address.
   *
   * @return the listening address
   */
  public SocketAddress localAddress() {
    return address;
  }

  /**
   * The addresses of the listening sockets; empty once closed (asyncio's {@code sockets}).
   *
   * @return the listening addresses
   */
  public List<SocketAddress> sockets() {
    return channel == null ? List.of() : List.of(address);
  }

  /**
   * Whether the server accepts connections.
   *
   * @return whether connections are accepted
   */
  public boolean isServing() {
    return serving;
  }

  /**
   * How many connections were accepted so far.
   *
   * @return the number of accepted connections
   */
  public int acceptedCount() {
    return accepted;
  }

  /**
   * Starts accepting, if not yet (for a server started with {@code startServing} false), and yields one tick.
   *
   * @throws IllegalStateException if the server is closed, or outside a task
   */
  public void startServing() {
    if (channel == null) {
      throw new IllegalStateException("the server is closed: start a new one");
    }
    serveNow();
    dev.concurrency.async.AsyncIO.sleep(Duration.ZERO); // asyncio: let the accept registration go through
  }

  /**
   * Accepts until the calling task is cancelled or the server closed; either way it ends with {@link
   * CancelledError}, after closing the server and waiting until it is closed ({@link #waitClosed()}).
   *
   * <p><b>Python:</b> {@code Server.serve_forever()}.
   *
   * @throws IllegalStateException if the server is closed, or another task already serves forever on it
   * @throws CancelledError when the task is cancelled or the server is closed by {@link #close()}
   */
  public void serveForever() {
    if (servingForever != null) {
      throw new IllegalStateException(this + " is already being awaited on serveForever()");
    }
    if (channel == null) {
      throw new IllegalStateException(this + " is closed");
    }
    serveNow();
    AsyncFuture<@Nullable Void> forever = loop.createFuture();
    servingForever = forever;
    try {
      forever.await();
    } catch (CancelledError e) {
      close();
      try {
        waitClosed();
      } catch (CancelledError again) {
        e.addSuppressed(again); // cancelled again while closing: the first cancellation still ends the call
      }
      throw e;
    } finally {
      servingForever = null;
    }
  }

  /**
   * Stops accepting and closes the listening socket (a Unix server also removes its socket file, if configured);
   * connections already open are left to their handlers. Idempotent.
   */
  public void close() {
    ServerSocketChannel ch = channel;
    if (ch == null) {
      return;
    }
    channel = null;
    stopAccepting();
    try {
      ch.close();
    } catch (IOException ignored) {
      // the listening socket is gone either way
    }
    if (socketFile != null) {
      socketFile.cleanup();
    }
    serving = false;
    AsyncFuture<@Nullable Void> forever = servingForever;
    if (forever != null && !forever.done()) {
      forever.cancel();
      servingForever = null;
    }
    if (activeCount == 0) {
      wakeup();
    }
  }

  /** Closes every open connection cleanly, after its buffered bytes are sent (3.13). */
  public void closeClients() {
    for (SocketTransport t : List.copyOf(clients)) {
      t.close();
    }
  }

  /**
   * Closes every open connection at once, dropping what is buffered: for clients that stopped reading, whose clean
   * close would wait forever. Their handlers' reads see EOF; their next {@code drain()} throws (3.13).
   */
  public void abortClients() {
    for (SocketTransport t : List.copyOf(clients)) {
      t.abort();
    }
  }

  /**
   * Suspends the calling task until the server is closed and every connection has closed; returns at once if
   * that has happened already. It waits for open connections however long they last: see {@link #closeClients()}.
   */
  public void waitClosed() {
    List<AsyncFuture<@Nullable Void>> ws = waiters;
    if (ws == null) {
      return;
    }
    AsyncFuture<@Nullable Void> w = loop.createFuture();
    ws.add(w);
    w.await();
  }

  // ---------------------------------------------------------------- accepting

  /** Starts accepting now (asyncio's {@code _start_serving}). */
  void serveNow() {
    ServerSocketChannel ch = channel;
    if (serving || ch == null) {
      return;
    }
    serving = true;
    try {
      key = io.register(ch, SelectionKey.OP_ACCEPT, this::onAcceptable);
    } catch (IOException e) {
      serving = false;
      throw new IllegalStateException("cannot register the server socket " + address + " with the loop", e);
    }
  }

  private void stopAccepting() {
    SelectionKey k = key;
    if (k != null) {
      k.cancel();
      key = null;
    }
    TimerHandle retry = acceptRetry;
    if (retry != null) {
      retry.cancel();
      acceptRetry = null;
    }
  }

  private void onAcceptable(int readyOps) {
    ServerSocketChannel ch = channel;
    SelectionKey k = key;
    if (ch == null || k == null) {
      return;
    }
    try {
      SocketChannel client;
      while ((client = acceptor.accept(ch)) != null) {
        serve(client);
      }
      io.arm(k, SelectionKey.OP_ACCEPT);
    } catch (ClosedChannelException e) {
      // closed while accepting: nothing more to accept
    } catch (IOException e) {
      // Out of file descriptors, say: readiness persists, so re-arming now would spin. Pause as asyncio does.
      loop.callExceptionHandler(new ErrorContext(
          "socket.accept() out of system resource on " + address + "; accepting again in "
              + ACCEPT_RETRY_DELAY.toSeconds() + " s", e, null, null));
      k.cancel();
      key = null;
      serving = false;
      acceptRetry = loop.callLater(ACCEPT_RETRY_DELAY, () -> {
        acceptRetry = null;
        serveNow();
      });
    }
  }

  private void serve(SocketChannel client) throws IOException {
    StreamReader reader = new StreamReader(limit);
    SocketTransport transport;
    try {
      transport = new SocketTransport(loop, io, client, reader, this);
    } catch (IOException e) {
      client.close();
      throw e;
    }
    accepted++;
    StreamWriter writer = new StreamWriter(transport, reader);
    AsyncTask<Void> task = loop.createTask(() -> {
      handler.handle(reader, writer);
      return null;
    }, "client-" + accepted);
    task.addDoneCallback(t -> {
      if (!t.cancelled() && t.exception() != null) {
        loop.callExceptionHandler(new ErrorContext(
            "Unhandled exception in client_connected_cb (the connection handler for " + transport.peer() + ")",
            t.exception(), t, null));
      }
      transport.close();
    });
  }

  /** How a connection is accepted: {@code ServerSocketChannel.accept()}, or a test's stand-in that fails. */
  @FunctionalInterface
  interface Acceptor {
    @Nullable SocketChannel accept(ServerSocketChannel channel) throws IOException;
  }

  /** Replaces how connections are accepted (package-private: tests make accept() fail as a full fd table does). */
  void acceptWith(Acceptor newAcceptor) {
    this.acceptor = newAcceptor;
  }

  // ---------------------------------------------------------------- the connections' side

  /** A connection of this server opened (asyncio's {@code _attach}). */
  void attach(SocketTransport transport) {
    activeCount++;
    clients.add(transport);
  }

  /** A connection of this server closed (asyncio's {@code _detach}). */
  void detach(SocketTransport transport) {
    clients.remove(transport);
    activeCount--;
    if (activeCount == 0 && channel == null) {
      wakeup();
    }
  }

  private void wakeup() {
    List<AsyncFuture<@Nullable Void>> ws = waiters;
    waiters = null;
    if (ws != null) {
      for (AsyncFuture<@Nullable Void> w : ws) {
        if (!w.done()) {
          w.setResult(null);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "StreamServer[" + address + (serving ? ", serving" : channel == null ? ", closed" : ", not serving")
        + ", connections=" + activeCount + "]";
  }
}
