package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.EventLoop;
import dev.concurrency.async.streams.Connection;
import java.io.IOException;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * How a simulated network (in {@code dev.concurrency.async.simulation}) carries the bytes of ordinary {@link
 * Connection}s: the streams package gives each end a transport that writes into a {@link Link} and is fed through
 * an {@link Endpoint}; the simulation decides when bytes arrive. Like {@link LoopSeams}, this is reachable from
 * this module only (the package is not exported).
 *
 * <p>Every method of {@link Link} and {@link Endpoint} is loop-confined. The access is published through a volatile
 * field, so it is thread-safe.
 */
public final class WireSeams {

  /** The simulation's side of one end of a connection: where that end's writes go. */
  public interface Link {

    /**
     * Carries {@code data} (a copy the link may keep) to the other end, after the other bytes this end sent.
     *
     * @param data the bytes
     */
    void send(byte[] data);

    /** Carries an end of stream to the other end, after the bytes already sent (a half-close). */
    void sendEof();

    /** This end closed cleanly: the other end reads EOF after the bytes already sent. */
    void close();

    /** This end closed at once: the bytes on their way are dropped, and the other end sees a reset. */
    void abort();

    /**
     * The address of the other end.
     *
     * @return the peer's address
     */
    SocketAddress peerAddress();

    /**
     * The address of this end.
     *
     * @return this end's address
     */
    SocketAddress localAddress();
  }

  /** The streams' side of one end: what the link calls when something reaches it. */
  public interface Endpoint {

    /**
     * Bytes from the other end arrived.
     *
     * @param data the bytes
     */
    void receive(byte[] data);

    /** The other end's end of stream arrived (after every byte it sent). */
    void receiveEof();

    /**
     * Bytes this end sent reached the other end: they no longer count as buffered.
     *
     * @param bytes how many
     */
    void delivered(int bytes);

    /**
     * The connection is gone: reset ({@code error} not null) or closed.
     *
     * @param error why, or {@code null} for a clean close
     */
    void lost(@Nullable IOException error);
  }

  /**
   * One end of a connection: the reader and writer code uses, and the endpoint its link feeds.
   *
   * @param connection the end's reader and writer
   * @param endpoint what the link calls
   */
  public record End(Connection connection, Endpoint endpoint) {

    /** Checks the parts. */
    public End {
      requireNonNull(connection, "connection");
      requireNonNull(endpoint, "endpoint");
    }
  }

  /** What the streams package offers the simulation. */
  public interface Access {

    /**
     * Opens one end of a connection on {@code loop}, writing through {@code link}.
     *
     * @param loop the loop the end belongs to
     * @param link where its writes go
     * @param limit the reader's buffer limit
     * @return the end
     */
    End open(EventLoop loop, Link link, int limit);
  }

  private static volatile @Nullable Access access;

  private WireSeams() {}

  /**
   * Called once, by the streams package's link transport when its class initialises.
   *
   * @param streamsAccess the streams' side
   */
  public static void install(Access streamsAccess) {
    access = requireNonNull(streamsAccess, "streamsAccess");
  }

  /**
   * The streams' side, loading it first if nothing has yet.
   *
   * @return the access
   */
  public static Access access() {
    Access a = access;
    if (a == null) {
      try {
        Class.forName("dev.concurrency.async.streams.LinkTransport", /* initialize= */ true,
            WireSeams.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the streams package is missing its LinkTransport", e);
      }
      a = requireNonNull(access, "LinkTransport did not install its access");
    }
    return a;
  }
}
