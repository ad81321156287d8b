package dev.concurrency.async.simulation;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.streams.ClientHandler;
import dev.concurrency.async.streams.Connection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A server of the {@link SimulatedNetwork}: it runs its {@link ClientHandler} as a new task for each connection,
 * and closes the connection when the handler returns.
 *
 * <p><b>Semantics</b> (those of {@link dev.concurrency.async.streams.StreamServer} that a simulation needs). {@link
 * #close()} stops accepting (later connection requests are refused); handlers already running go on. {@link
 * #closeClients()} closes every open connection cleanly, {@link #abortClients()} at once. A handler's exception
 * goes to the loop's exception handler and closes only its own connection.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Python:</b> the simulated stand-in for {@code asyncio.Server}.
 */
public final class SimulatedServer {

  private final SimulatedNetwork network;
  private final EventLoop loop;
  private final ClientHandler handler;
  private final String host;
  private final int port;
  private final List<Connection> open = new ArrayList<>();
  private boolean serving = true;
  private int accepted;

  SimulatedServer(SimulatedNetwork network, EventLoop loop, ClientHandler handler, String host, int port) {
    this.network = network;
    this.loop = loop;
    this.handler = handler;
    this.host = host;
    this.port = port;
  }

  /**
   * The name the server listens on.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * The port the server listens on (the one picked, if it was started on port 0).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The server's address (unresolved: the network has no DNS).
   *
   * @return host and port
   */
  public InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * Whether the server accepts connections.
   *
   * @return whether it accepts
   */
  public boolean isServing() {
    return serving;
  }

  /**
   * How many connections the server has accepted.
   *
   * @return the number of connections accepted so far
   */
  public int accepted() {
    return accepted;
  }

  /** Stops accepting; connections already open go on. Idempotent. */
  public void close() {
    if (serving) {
      serving = false;
      network.record(TraceEvent.Kind.CONNECTION, "net", "server on " + host + ":" + port + " closes");
    }
  }

  /** Closes every open connection of this server cleanly (what was written is sent first). */
  public void closeClients() {
    for (Connection c : List.copyOf(open)) {
      c.writer().close();
    }
  }

  /** Closes every open connection of this server at once; their peers see a reset. */
  public void abortClients() {
    for (Connection c : List.copyOf(open)) {
      c.writer().abort();
    }
  }

  /** A connection request arrived: open the server's end and start its handler. */
  void accept(SimulatedConnection connection, int limit) {
    accepted++;
    Connection end = SimulatedNetwork.open(loop, connection.server, limit);
    open.add(end);
    AsyncTask<Void> task = loop.createTask(() -> {
      handler.handle(end.reader(), end.writer());
      return null;
    }, "handler-" + accepted);
    task.addDoneCallback(t -> {
      if (!t.cancelled()) {
        SimulatedNetwork.reportHandlerError(loop, task, t.exception(), connection.name());
      }
      end.writer().close();
      open.remove(end);
    });
  }

  @Override
  public String toString() {
    return "SimulatedServer[" + host + ":" + port + (serving ? ", serving" : ", closed") + ", " + accepted
        + " accepted]";
  }
}
