package dev.concurrency.async.simulation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.ErrorContext;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.WireSeams;
import dev.concurrency.async.streams.ClientHandler;
import dev.concurrency.async.streams.Connection;
import dev.concurrency.async.streams.StreamReader;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory network for a simulated run: servers and connections with the project's ordinary {@link
 * StreamReader}s and {@link dev.concurrency.async.streams.StreamWriter}s, whose bytes arrive after a seeded
 * latency per message, never out of order within one connection, interleaved across connections as their
 * latencies fall, and, if {@link SimulationConfig#resetChance()} allows, reset at a seeded moment.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=simulatedNetwork}
 *
 * <p><b>Semantics.</b> Connecting takes a round trip (two latencies); a connection to an address nobody listens on
 * fails then with {@link ConnectException}. A message ({@code write}) arrives whole, after its latency; bytes count
 * as buffered by the writer until they arrive, so {@code drain()} waits when more than 64 KiB is on its way. A
 * clean {@code close()} delivers an end of stream after the data; {@code abort()} drops what is on its way and the
 * peer sees a reset ({@link java.net.SocketException}) one latency later; a reset by the network reaches both
 * ends at once. Receive buffers are unbounded: a peer that stops reading pauses its own reader, not the sender.
 * Server handlers run as tasks named {@code handler-N}; a handler's connection closes when it returns, and an
 * exception it throws goes to the loop's exception handler, as with {@link
 * dev.concurrency.async.streams.StreamServer}. Latencies and resets are drawn from the run's seed, on the loop, so a
 * seed replays the network too.
 *
 * <p><b>Thread-safety.</b> Loop-confined: one network per simulated run, used from that run's tasks.
 *
 * <p><b>Python:</b> no asyncio counterpart; tokio's {@code turmoil} simulates a network for async Rust the same
 * way. Differences from a socket: no partial writes or partial reads of a message by the network itself (the
 * reader still returns what was asked for), no Nagle, no bandwidth limit.
 */
public final class SimulatedNetwork {

  /** Where ephemeral ports start, as on Linux. */
  static final int FIRST_EPHEMERAL_PORT = 49152;

  private final SeededScheduling policy;
  private final Map<String, SimulatedServer> servers = new LinkedHashMap<>();
  private int nextPort = FIRST_EPHEMERAL_PORT;
  private int connections;

  SimulatedNetwork(SeededScheduling policy) {
    this.policy = policy;
  }

  /**
   * The network of the simulated run the calling task belongs to.
   *
   * @return the run's network
   * @throws IllegalStateException outside a simulated run
   */
  public static SimulatedNetwork current() {
    SeededScheduling policy = Simulation.current();
    if (policy == null) {
      throw new IllegalStateException(
          "SimulatedNetwork.current() needs a simulated run: call it from a task of a Scenario or of a loop built by"
              + " Simulation.loopBuilder(seed)");
    }
    return policy.network(SimulatedNetwork::new);
  }

  /**
   * Starts a server on {@code host:port} that runs {@code handler} as a new task for each connection; port 0
   * picks a free one (see {@link SimulatedServer#port()}).
   *
   * @param handler what serves each connection
   * @param host the name it listens on (any string: the network has no DNS)
   * @param port 0 to 65535
   * @return the server, already accepting
   * @throws BindException if a server already listens there
   */
  public SimulatedServer startServer(ClientHandler handler, String host, int port) throws BindException {
    requireNonNull(handler, "handler");
    requireNonNull(host, "host");
    checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535, got %s", port);
    EventLoop loop = AsyncIO.getRunningLoop();
    int actual = port == 0 ? freePort(host) : port;
    String key = host + ":" + actual;
    SimulatedServer existing = servers.get(key);
    if (existing != null && existing.isServing()) {
      throw new BindException("Address already in use: a simulated server listens on " + key);
    }
    SimulatedServer server = new SimulatedServer(this, loop, handler, host, actual);
    servers.put(key, server);
    record(TraceEvent.Kind.CONNECTION, "net", "server listens on " + key);
    return server;
  }

  /**
   * Connects to {@code host:port} with the default reader limit; see {@link #openConnection(String, int, int)}.
   *
   * @param host the server's name
   * @param port its port
   * @return the connection's reader and writer
   * @throws ConnectException if no server listens there
   */
  public Connection openConnection(String host, int port) throws IOException {
    return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Connects to {@code host:port}: suspends the calling task for a round trip, and returns the client's end.
   *
   * <p>Ends in one of these ways: returns the connection; throws {@link ConnectException} if no server listens
   * there when the connection request arrives; throws {@link CancelledError} if the task is cancelled meanwhile
   * (a connection the server had already accepted is reset).
   *
   * @param host the server's name
   * @param port its port
   * @param limit the reader's buffer limit
   * @return the connection's reader and writer
   * @throws IOException if the connection is refused
   * @throws IllegalStateException if called outside a task
   */
  public Connection openConnection(String host, int port, int limit) throws IOException {
    requireNonNull(host, "host");
    checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535, got %s", port);
    checkArgument(limit > 0, "a stream reader's limit must be > 0, got %s", limit);
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException("openConnection() must be called from a task of a simulated run");
    }
    EventLoop loop = task.getLoop();
    String key = host + ":" + port;
    String name = "conn-" + ++connections;
    InetSocketAddress clientAddress = InetSocketAddress.createUnresolved("client-" + connections,
        FIRST_EPHEMERAL_PORT + connections % (65536 - FIRST_EPHEMERAL_PORT)); // its own host: no port clash
    AsyncFuture<Connection> established = loop.createFuture();
    long requestArrives = loop.time() + latencyNanos();
    record(TraceEvent.Kind.CONNECTION, name, "connecting to " + key);
    loop.callAt(requestArrives, () -> {
      SimulatedServer server = servers.get(key);
      long answerArrives = loop.time() + latencyNanos();
      if (server == null || !server.isServing()) {
        loop.callAt(answerArrives, () -> refuse(established, name, key));
        return;
      }
      SimulatedConnection connection = new SimulatedConnection(this, loop, name, clientAddress,
          InetSocketAddress.createUnresolved(host, port));
      Connection clientEnd = open(loop, connection.client, limit); // from now on it can receive
      connection.server.notBefore(answerArrives); // nothing the server sends overtakes its accepting answer
      server.accept(connection, limit);
      maybeReset(connection);
      loop.callAt(answerArrives, () -> {
        if (established.done()) { // the client gave up (cancelled): its half-open connection is reset
          connection.reset();
          return;
        }
        record(TraceEvent.Kind.CONNECTION, name, "established");
        established.setResult(clientEnd);
      });
    });
    try {
      return established.await();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  /** The next ephemeral port no server on {@code host} listens on. */
  private int freePort(String host) {
    while (true) {
      if (nextPort > 65535) {
        throw new IllegalStateException("the simulated network ran out of ephemeral ports (49152..65535)");
      }
      int candidate = nextPort++;
      SimulatedServer s = servers.get(host + ":" + candidate);
      if (s == null || !s.isServing()) {
        return candidate;
      }
    }
  }

  private void refuse(AsyncFuture<Connection> established, String name, String key) {
    if (!established.done()) {
      record(TraceEvent.Kind.CONNECTION, name, "refused: nobody listens on " + key);
      established.setException(new ConnectException(
          "Connection refused: no simulated server listens on " + key + " (start one with startServer)"));
    }
  }

  /** Opens one end on {@code side} and connects the side's endpoint to it. */
  static Connection open(EventLoop loop, SimulatedConnection.Side side, int limit) {
    WireSeams.End end = WireSeams.access().open(loop, side, limit);
    side.endpoint = end.endpoint();
    return end.connection();
  }

  private void maybeReset(SimulatedConnection connection) {
    SimulationConfig config = policy.config();
    if (policy.random().chance(config.resetChance())) {
      long span = 20 * Math.max(1, config.maxLatency().toNanos());
      long at = policy.clock().read() + config.minLatency().toNanos() + policy.random().upTo(span);
      AsyncIO.getRunningLoop().callAt(at, connection::reset);
    }
  }

  /** A seeded latency for one message, within the configured range. */
  long latencyNanos() {
    SimulationConfig config = policy.config();
    long min = config.minLatency().toNanos();
    return min + policy.random().upTo(config.maxLatency().toNanos() - min);
  }

  void record(TraceEvent.Kind kind, String lane, String text) {
    policy.record(kind, lane, text);
  }

  /** Reports a handler's exception as {@code StreamServer} does. */
  static void reportHandlerError(EventLoop loop, AsyncTask<?> task, @Nullable Throwable error, String address) {
    if (error != null) {
      loop.callExceptionHandler(new ErrorContext(
          "Unhandled exception in client_connected_cb (the connection handler for " + address + ")", error, task,
          null));
    }
  }

  @Override
  public String toString() {
    return "SimulatedNetwork[" + servers.size() + " servers, " + connections + " connections]";
  }
}
