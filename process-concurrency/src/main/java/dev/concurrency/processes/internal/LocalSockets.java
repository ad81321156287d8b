package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Unix domain sockets with a rendezvous that only the intended peer can complete: the listening side binds a
 * path in a {@linkplain PrivateDirectories private directory} (no other user can connect to it), and the
 * connecting side's first bytes are a {@link Hello}: a magic number, a role byte and a random token the
 * listener expects; a connection whose hello does not match is closed and the listener keeps waiting. Nothing
 * listens on a network port. Unix domain sockets exist in the JDK from 16 on Linux, macOS and Windows 10.
 *
 * <p>Shared by {@code Pipe} (whose two ends meet this way) and the pool's parent-child channel: one
 * implementation of the rendezvous for the module.
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalSockets {

  /** How many random bytes a token has. */
  public static final int TOKEN_BYTES = 32;

  /** How long an accepted connection may take to send its hello before it is dropped. */
  public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAGIC = 0x44435031; // "DCP1"

  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalSockets() {}

  /**
   * The first bytes a connecting side sends: which role it plays and the token that proves it was told the
   * address by its creator.
   *
   * @param role what the connecting side is (the protocol above this one gives the numbers meaning)
   * @param token the secret, {@link #TOKEN_BYTES} long
   */
  public record Hello(byte role, byte[] token) {
    /** Checks the parts. */
    public Hello {
      requireNonNull(token, "token");
      if (token.length != TOKEN_BYTES) {
        throw new IllegalArgumentException("a token has " + TOKEN_BYTES + " bytes, this one " + token.length);
      }
    }

    /** Whether this hello carries {@code expected} as its token, compared in constant time. */
    public boolean hasToken(byte[] expected) {
      return MessageDigest.isEqual(token, expected);
    }
  }

  /** A connection the listener accepted, with the hello it sent; the channel is in blocking mode. */
  public record Accepted(SocketChannel channel, Hello hello) {}

  /** A fresh random token. */
  public static byte[] newToken() {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    return token;
  }

  /**
   * Binds and listens on {@code socket}.
   *
   * @throws java.net.BindException if something (a socket file) is already there
   * @throws IOException if the path is too long for a socket, or the bind fails otherwise
   */
  public static ServerSocketChannel listen(Path socket) throws IOException {
    checkLength(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Connects to {@code socket} and sends {@code hello}; returns the channel in blocking mode.
   *
   * @throws IOException if nothing listens there ({@link java.net.ConnectException} or
   *     {@link java.nio.file.NoSuchFileException}-like messages, as the platform reports them)
   */
  public static SocketChannel connect(Path socket, Hello hello) throws IOException {
    checkLength(socket);
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer bytes = ByteBuffer.allocate(6 + TOKEN_BYTES);
      bytes.putInt(MAGIC).put(hello.role()).put((byte) TOKEN_BYTES).put(hello.token()).flip();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Accepts connections on {@code server} until one sends a hello that {@code wanted} accepts; closes the
   * others (a stray or malicious connection, a wrong token) and keeps waiting.
   *
   * @param timeout how long to wait in all, or null to wait until the server channel is closed
   * @return the connection, or null if the timeout elapsed first
   * @throws java.nio.channels.ClosedChannelException if the server channel is (or gets) closed
   * @throws java.io.InterruptedIOException if the thread is interrupted while waiting
   */
  public static @Nullable Accepted accept(
      ServerSocketChannel server, Predicate<Hello> wanted, @Nullable Duration timeout) throws IOException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
    while (true) {
      SocketChannel channel = timeout == null ? server.accept() : acceptBefore(server, deadline);
      if (channel == null) {
        return null;
      }
      Hello hello;
      try {
        channel.configureBlocking(false);
        hello = readHello(channel, System.nanoTime() + HELLO_TIMEOUT.toNanos());
        channel.configureBlocking(true);
      } catch (IOException e) {
        channel.close(); // it connected and sent nothing usable: not the peer we wait for
        continue;
      }
      if (hello != null && wanted.test(hello)) {
        return new Accepted(channel, hello);
      }
      channel.close();
    }
  }

  private static @Nullable SocketChannel acceptBefore(ServerSocketChannel server, long deadline) throws IOException {
    boolean blocking = server.isBlocking();
    server.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        SocketChannel channel = server.accept();
        if (channel != null) {
          return channel;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for a connection");
        }
      }
    } finally {
      if (server.isOpen()) {
        server.configureBlocking(blocking); // the selector's close above deregistered the channel
      }
    }
  }

  /** Reads a hello; null if the bytes are not one (wrong magic or token length). */
  private static @Nullable Hello readHello(SocketChannel channel, long deadline) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(6);
    readFully(channel, head, deadline);
    head.flip();
    if (head.getInt() != MAGIC) {
      return null;
    }
    byte role = head.get();
    if (head.get() != TOKEN_BYTES) {
      return null;
    }
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    readFully(channel, token, deadline);
    return new Hello(role, token.array());
  }

  /**
   * Fills {@code buffer} from a non-blocking channel, waiting for input up to {@code deadline}
   * ({@link System#nanoTime()}).
   *
   * @throws EOFException if the stream ends first
   * @throws SocketTimeoutException if the deadline passes first
   */
  public static void readFully(SocketChannel channel, ByteBuffer buffer, long deadline) throws IOException {
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer);
        if (read < 0) {
          throw new EOFException("the peer closed the connection after " + buffer.position() + " bytes");
        }
        if (read == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new SocketTimeoutException("no bytes from the peer in time");
          }
          selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          selector.selectedKeys().clear();
        }
      }
    }
  }

  private static void checkLength(Path socket) throws IOException {
    if (!PrivateDirectories.fitsSocketPath(socket)) {
      throw new IOException("the socket path " + socket + " is longer than " + PrivateDirectories.MAX_SOCKET_PATH_BYTES
          + " bytes, more than a Unix domain socket takes; set -D" + PrivateDirectories.BASE_PROPERTY
          + " to a shorter directory");
    }
  }
}
