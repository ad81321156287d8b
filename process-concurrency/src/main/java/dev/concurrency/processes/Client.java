package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Codec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Connects to a {@link Listener} by its address and returns the {@link Connection}.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=client}
 *
 * <p>With a key, both sides prove they hold it before this returns (see {@link Listener}); a key the listener
 * does not share fails with an {@link AuthenticationException}. Stateless and thread-safe.
 *
 * <p><b>Python:</b> {@code multiprocessing.connection.Client(address, family, authkey)}.
 */
public final class Client {

  private Client() {}

  /**
   * Connects without authentication.
   *
   * @param address where the listener listens
   * @return the connection to the listener
   * @throws IOException if nothing listens at {@code address}
   */
  public static Connection connect(Address address) throws IOException {
    return connect(address, null, List.of());
  }

  /**
   * Connects and authenticates with {@code authKey}; received messages are decoded through the default allowlist
   * plus {@code allow}.
   *
   * @param address where the listener listens
   * @param authKey the key both sides hold (may be empty)
   * @param allow deserialization allowlist patterns for what the connection receives
   * @return the connection to the listener, authenticated
   * @throws AuthenticationException if the listener does not share the key
   * @throws IOException if nothing listens at {@code address}
   */
  public static Connection connect(Address address, byte[] authKey, String... allow) throws IOException {
    return connect(address, requireNonNull(authKey, "authKey"), List.of(allow));
  }

  private static Connection connect(Address address, byte @org.jspecify.annotations.Nullable [] authKey,
      List<String> allow) throws IOException {
    requireNonNull(address, "address");
    Codec.allowing(allow, 1, 1);
    SocketChannel channel = SocketChannel.open(
        address instanceof Address.Unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
    try {
      channel.connect(address.toSocketAddress());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    Connection connection = Connection.ofSocket(channel, allow, Pipe.DEFAULT_MAX_MESSAGE_SIZE);
    if (authKey != null) {
      Listener.authenticate(connection, authKey, /* listener= */ false);
    }
    return connection;
  }
}
