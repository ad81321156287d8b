package dev.concurrency.async.simulation;

import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.WireSeams;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the {@link SimulatedNetwork}: two ends, each writing into its {@link Side}, which carries the
 * bytes to the other end after a seeded latency per message, in order. Order within one direction is kept by
 * never letting a message arrive before the one sent before it (deliveries are strictly increasing in time, so
 * the seeded order of equal deadlines never applies to them); messages of different connections interleave as
 * their latencies fall.
 *
 * <p>Loop-confined.
 */
final class SimulatedConnection {

  private final SimulatedNetwork network;
  private final EventLoop loop;
  private final String name;
  final Side client;
  final Side server;
  private boolean dead; // reset or aborted: nothing more arrives, in either direction

  SimulatedConnection(SimulatedNetwork network, EventLoop loop, String name, SocketAddress clientAddress,
      SocketAddress serverAddress) {
    this.network = network;
    this.loop = loop;
    this.name = name;
    this.client = new Side("client", clientAddress);
    this.server = new Side("server", serverAddress);
    client.other = server;
    server.other = client;
  }

  String name() {
    return name;
  }

  /** The network resets the connection: both ends see the error, and what was on its way is lost. */
  void reset() {
    if (dead || (client.closed && server.closed)) {
      return;
    }
    dead = true;
    network.record(TraceEvent.Kind.CONNECTION, name, "reset by the network");
    client.lose(new SocketException("Connection reset (the simulated network reset " + name + ")"));
    server.lose(new SocketException("Connection reset (the simulated network reset " + name + ")"));
  }

  /** One end: its link (where its writes go) and its endpoint (what feeds its reader). */
  final class Side implements WireSeams.Link {
    private final String role;
    private final SocketAddress address;
    @Nullable Side other;
    WireSeams.@Nullable Endpoint endpoint;
    private long lastDelivery = Long.MIN_VALUE;
    private boolean closed;

    Side(String role, SocketAddress address) {
      this.role = role;
      this.address = address;
    }

    private Side other() {
      Side o = other;
      if (o == null) {
        throw new IllegalStateException("a connection side without its other side");
      }
      return o;
    }

    /** Nothing this side sends arrives before {@code time} (a server's first bytes follow its accepting answer). */
    void notBefore(long time) {
      lastDelivery = Math.max(lastDelivery, time);
    }

    /** When a message sent now arrives: after a seeded latency, and after the one sent before it. */
    private long deliveryTime() {
      long at = Math.max(lastDelivery + 1, loop.time() + network.latencyNanos());
      lastDelivery = at;
      return at;
    }

    @Override
    public void send(byte[] data) {
      if (dead) {
        return;
      }
      long at = deliveryTime();
      String what = role + " -> " + other().role + ", " + describe(data);
      network.record(TraceEvent.Kind.SEND, name, what);
      loop.callAt(at, () -> {
        if (dead) {
          return;
        }
        network.record(TraceEvent.Kind.DELIVER, name, what);
        WireSeams.Endpoint to = other().endpoint;
        if (to != null) {
          to.receive(data);
        }
        WireSeams.Endpoint from = endpoint;
        if (from != null) {
          from.delivered(data.length);
        }
      });
    }

    @Override
    public void sendEof() {
      if (dead) {
        return;
      }
      network.record(TraceEvent.Kind.SEND, name, role + " -> " + other().role + ", end of stream");
      loop.callAt(deliveryTime(), () -> {
        WireSeams.Endpoint to = other().endpoint;
        if (!dead && to != null) {
          network.record(TraceEvent.Kind.DELIVER, name, role + " -> " + other().role + ", end of stream");
          to.receiveEof();
        }
      });
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      network.record(TraceEvent.Kind.CONNECTION, name, role + " closes");
      sendEof();
    }

    @Override
    public void abort() {
      if (dead) {
        return;
      }
      closed = true;
      dead = true;
      network.record(TraceEvent.Kind.CONNECTION, name, role + " aborts; the " + other().role + " will see a reset");
      Side peer = other();
      loop.callAt(loop.time() + network.latencyNanos(), () -> peer.lose(new SocketException(
          "Connection reset by peer (the " + role + " of " + name + " aborted)")));
    }

    void lose(IOException error) {
      closed = true;
      WireSeams.Endpoint e = endpoint;
      if (e != null) {
        e.lost(error);
      }
    }

    @Override
    public SocketAddress peerAddress() {
      return other().address;
    }

    @Override
    public SocketAddress localAddress() {
      return address;
    }
  }

  /** "6 bytes 'hello\n'": the size and a printable preview, the same on every JVM. */
  static String describe(byte[] data) {
    StringBuilder s = new StringBuilder().append(data.length).append(data.length == 1 ? " byte '" : " bytes '");
    String text = new String(data, 0, Math.min(data.length, 24), StandardCharsets.ISO_8859_1);
    for (char c : text.toCharArray()) {
      if (c == '\n') {
        s.append("\\n");
      } else if (c >= 32 && c < 127) {
        s.append(c);
      } else {
        s.append('.');
      }
    }
    return s.append(data.length > 24 ? "...'" : "'").toString();
  }
}
