package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.internal.Challenge;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.PrivateDirectories;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A server end that other processes connect to by {@linkplain Address address}: each {@link #accept()} returns a
 * {@link Connection} to one {@link Client}.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=listener}
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=client}
 *
 * <p><b>Addresses.</b> Without an address, a listener listens on a Unix domain socket in this JVM's private
 * directory (mode {@code 0700}); with {@link Address#inet} it listens on TCP ({@code 127.0.0.1} and port 0 keep
 * it on this machine, on a port the system picks). Binding an address that is in use fails with an
 * {@link IOException}. {@link #close()} stops listening and removes the socket file of a Unix address.
 *
 * <p><b>Authentication.</b> With an {@linkplain Builder#authKey authentication key}, the listener and each client
 * prove to each other that they hold the same key (HMAC-SHA256 challenges in both directions; the key never
 * crosses) before {@code accept} returns; a client that fails is refused with an
 * {@link AuthenticationException}. Without a key there is no check: rely on the address's privacy.
 *
 * <p>This class is thread-safe; {@code accept} may be called from several threads, each getting its own client.
 *
 * <p><b>Python:</b> {@code multiprocessing.connection.Listener(address, family, backlog, authkey)}:
 * {@code accept}, {@code close}, {@code address}, and the context manager. Differences: addresses are typed
 * ({@link Address}); there is no {@code last_accepted}; Windows named pipes ({@code AF_PIPE}) and Linux abstract
 * sockets are not supported (Unix domain socket paths work on every platform); {@code accept} can be interrupted
 * ({@link InterruptedIOException}) without closing the listener.
 */
public final class Listener implements AutoCloseable {

  private final ServerSocketChannel server;
  private final Address address;
  private final byte @Nullable [] authKey;
  private final List<String> allow;
  private final int maxMessageSize;
  private final @Nullable Path socketFile;

  @GuardedBy("this")
  private boolean closed;

  private Listener(ServerSocketChannel server, Address address, Builder settings, @Nullable Path socketFile) {
    this.server = server;
    this.address = address;
    this.authKey = settings.authKey == null ? null : settings.authKey.clone();
    this.allow = List.copyOf(settings.allow);
    this.maxMessageSize = settings.maxMessageSize;
    this.socketFile = socketFile;
  }

  /**
   * A listener on a fresh Unix domain socket in this JVM's private directory, without authentication.
   *
   * @return the listener
   * @throws IOException if it cannot listen
   */
  public static Listener open() throws IOException {
    return builder().open();
  }

  /**
   * A listener on {@code address}, without authentication.
   *
   * @param address where to listen
   * @return the listener
   * @throws IOException if it cannot listen there (the address is in use, say)
   */
  public static Listener open(Address address) throws IOException {
    return builder().address(address).open();
  }

  /** {@return a builder for a listener with settings other than the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a listener; not thread-safe. */
  public static final class Builder {
    private @Nullable Address address;
    private int backlog = 1;
    private byte @Nullable [] authKey;
    private final List<String> allow = new ArrayList<>();
    private int maxMessageSize = Pipe.DEFAULT_MAX_MESSAGE_SIZE;

    private Builder() {}
    /**
     * Where to listen (a fresh Unix domain socket in this JVM's private directory by default).
     *
     * @param address where to listen
     * @return this builder
     */
    public Builder address(Address address) {
      this.address = requireNonNull(address, "address");
      return this;
    }

    /**
     * How many connections may wait to be accepted (1 by default, as Python's).
     *
     * @param backlog the queue length of unaccepted connections
     * @return this builder
     * @throws IllegalArgumentException if it is below 1
     */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be >= 1, was " + backlog);
      }
      this.backlog = backlog;
      return this;
    }
    /**
     * The key clients must prove they hold (none by default: no authentication); may be empty.
     *
     * @param key the shared key
     * @return this builder
     */
    public Builder authKey(byte[] key) {
      this.authKey = requireNonNull(key, "key").clone();
      return this;
    }
    /**
     * Deserialization allowlist patterns for what accepted connections {@code recv}.
     *
     * @param patterns class or package patterns, such as {@code com.example.**}
     * @return this builder
     */
    public Builder allow(String... patterns) {
      for (String pattern : patterns) {
        allow.add(requireNonNull(pattern, "pattern"));
      }
      return this;
    }

    /**
     * The longest message accepted connections send or receive (see {@link Pipe.Builder#maxMessageSize}).
     *
     * @param bytes the largest message in bytes
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder maxMessageSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxMessageSize must be >= 0, was " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /**
     * Starts listening.
     *
     * @return the listener
     * @throws IOException if it cannot listen there (the address is in use, the path is too long)
     */
    public Listener open() throws IOException {
      Codec.allowing(allow, 1, 1);
      Address chosen = address != null ? address : Address.unix(PrivateDirectories.socketPath("l"));
      boolean unix = chosen instanceof Address.Unix;
      ServerSocketChannel server = ServerSocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
      try {
        server.bind(chosen.toSocketAddress(), backlog);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      Address bound = chosen;
      if (server.getLocalAddress() instanceof InetSocketAddress inet) {
        bound = Address.inet(inet.getAddress().getHostAddress(), inet.getPort()); // the port the system chose
      }
      Path file = server.getLocalAddress() instanceof UnixDomainSocketAddress uds ? uds.getPath() : null;
      return new Listener(server, bound, this, file);
    }
  }

  /** {@return the address clients connect to (for TCP, with the port the system chose)} */
  public Address address() {
    return address;
  }

  /**
   * Waits for the next client and returns a connection to it, after the authentication if the listener has a key.
   *
   * @return the connection to the client
   * @throws AuthenticationException if the client failed the authentication (its connection is closed)
   * @throws ClosedChannelException if the listener is (or gets) closed
   * @throws InterruptedIOException if interrupted while waiting; the listener stays open
   */
  public Connection accept() throws IOException {
    SocketChannel client = acceptChannel();
    Connection connection = Connection.ofSocket(client, allow, maxMessageSize);
    if (authKey != null) {
      authenticate(connection, authKey, /* listener= */ true);
    }
    return connection;
  }

  private SocketChannel acceptChannel() throws IOException {
    server.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        SocketChannel client = server.accept();
        if (client != null) {
          client.configureBlocking(true);
          return client;
        }
        selector.select(200); // a bounded wait, so that a close from another thread is noticed
        selector.selectedKeys().clear();
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for a client");
        }
      }
    }
  }

  /** Runs the mutual challenge (the listener challenges first); closes the connection if it fails. */
  static void authenticate(Connection connection, byte[] key, boolean listener) throws IOException {
    Challenge.Messages messages = new Challenge.Messages() {
      @Override
      public void send(byte[] message) throws IOException {
        connection.sendBytes(message);
      }

      @Override
      public byte[] receive(int maxLength) throws IOException {
        return connection.recvBytes(maxLength);
      }
    };
    try {
      if (listener) {
        Challenge.deliver(messages, key);
        Challenge.answer(messages, key);
      } else {
        Challenge.answer(messages, key);
        Challenge.deliver(messages, key);
      }
    } catch (Challenge.Failed e) {
      connection.close();
      throw new AuthenticationException(e.getMessage());
    } catch (IOException e) {
      connection.close();
      AuthenticationException failed =
          new AuthenticationException("the other side broke off the authentication: " + e.getMessage());
      failed.initCause(e);
      throw failed;
    }
  }

  /** Stops listening; removes a Unix socket's file. A waiting {@code accept} fails. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    server.close();
    if (socketFile != null) {
      Files.deleteIfExists(socketFile);
    }
  }

  /** {@return whether the listener was closed} */
  public synchronized boolean closed() {
    return closed;
  }

  @Override
  public String toString() {
    return "Listener[" + address + (closed() ? ", closed]" : "]");
  }
}
