package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.Closeable;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * A private meeting point for two processes: a Unix domain socket in a directory only this user can enter, and a
 * random token the peer must present before it is accepted. Nothing listens on a network port.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=rendezvousListen}
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=rendezvousConnect}
 *
 * <p>The directory is made with mode {@code 0700} ({@link Platform#createPrivateDirectory}), so another user
 * cannot even reach the socket; the token (32 bytes from a {@link SecureRandom}) tells the intended peer from any
 * other process of the same user. {@link #accept} closes and refuses a connection that presents a wrong token and
 * keeps waiting, as it does one that presents nothing within {@link #VET_TIMEOUT}. Once the peer is accepted, the listener is closed and the socket file and its directory are
 * deleted at once: a rendezvous serves one connection, and leaves nothing behind. {@link #close} does the same
 * for one that is given up, and so does this JVM's exit for one still open; the first rendezvous a JVM opens also
 * sweeps away the directories of JVMs that died without their exit hooks ({@code SIGKILL}).
 *
 * <p>Why a Unix domain socket: it is the one JDK channel between two processes that needs no shared file
 * descriptor and no network port, and it exists on Linux, macOS and Windows (10 and later) since JDK 16. A
 * connected {@link SocketChannel} carries both directions, and its read and write sides can be used by two
 * threads at once ({@link java.nio.channels.Channels#newInputStream} and {@code newOutputStream} of a socket
 * channel do not share a lock since JDK 19).
 *
 * <p>Thread-safe: {@link #accept} is for one thread; {@link #abandon} and {@link #close} may be called from any
 * thread, also while {@code accept} waits.
 */
public final class Rendezvous implements Closeable {

  /** Bytes in a token. */
  public static final int TOKEN_BYTES = 32;

  /** How long a new connection may take to present its token before it is closed as a stranger. */
  static final Duration VET_TIMEOUT = Duration.ofSeconds(2);

  /** The prefix of every rendezvous directory, followed by this JVM's pid, for tests that look for leftovers. */
  public static final String DIRECTORY_PREFIX = "dev.concurrency-";

  /**
   * What a peer needs to connect: the socket's path and the token. Pass it only through a private channel (a
   * child's stdin, or a task only the intended process decodes): whoever holds it can take the peer's place.
   *
   * @param path the socket's path
   * @param token the token, in hexadecimal
   */
  public record Ticket(String path, String token) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** Checks the parts. */
    public Ticket {
      requireNonNull(path, "path");
      requireNonNull(token, "token");
    }

    /** Does not show the token, which is a secret. */
    @Override
    public String toString() {
      return "Ticket[path=" + path + "]";
    }
  }

  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final byte[] token;
  /** What {@link #abandon} presents to wake {@link #accept}: another secret, so that no peer can fake it. */
  private final byte[] wakeToken;

  @GuardedBy("this")
  private @Nullable SocketChannel vetting;

  @GuardedBy("this")
  private boolean closed;

  private Rendezvous(Path directory, Path socket, ServerSocketChannel server, byte[] token, byte[] wakeToken) {
    this.directory = directory;
    this.socket = socket;
    this.server = server;
    this.token = token;
    this.wakeToken = wakeToken;
  }

  /**
   * Makes a private directory in {@code java.io.tmpdir} and starts listening on a socket in it.
   *
   * @return the rendezvous, listening
   * @throws IOException if the directory or the socket cannot be made, or the socket's path is longer than the
   *     platform allows (then set {@code java.io.tmpdir} to a shorter directory)
   * @throws UnsupportedOperationException if this platform has no Unix domain sockets (Windows before 10)
   */
  public static Rendezvous open() throws IOException {
    SecureRandom random = Randomness.RANDOM;
    HexFormat hex = HexFormat.of();
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    Path directory = parent.resolve(DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-" + hex.toHexDigits(random.nextLong()));
    Path socket = directory.resolve("s");
    int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > Platform.current().maxSocketPathBytes()) {
      throw new IOException(
          "the socket path " + socket + " is " + length + " bytes, above the " + Platform.current().maxSocketPathBytes()
              + " this platform allows; start the JVM with -Djava.io.tmpdir set to a shorter directory");
    }
    Platform.current().createPrivateDirectory(directory);
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(socket);
      deleteQuietly(directory);
      throw e;
    }
    Rendezvous rendezvous = new Rendezvous(directory, socket, server, randomBytes(random), randomBytes(random));
    Leftovers.OPEN.add(rendezvous);
    return rendezvous;
  }

  /**
   * The rendezvous of this JVM still open, closed when it exits (a cold child's stays open for the child's life,
   * and the JVM may end first); and the sweep of those a dead JVM left behind (one killed by {@code SIGKILL} runs
   * no hook), once per JVM, in the background, when the first rendezvous is opened. A class of its own, so that a
   * child that only connects never starts either.
   */
  private static final class Leftovers {
    static final Set<Rendezvous> OPEN = ConcurrentHashMap.newKeySet();

    /** A rendezvous directory's name: the prefix, the owner's pid, 16 hexadecimal digits. */
    private static final Pattern NAME = Pattern.compile(Pattern.quote(DIRECTORY_PREFIX) + "(\\d+)-[0-9a-f]{16}");

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::closeAll, "rendezvous-cleanup"));
      Thread sweeper = new Thread(Leftovers::sweep, "rendezvous-sweep");
      sweeper.setDaemon(true);
      sweeper.start();
    }

    private static void closeAll() {
      for (Rendezvous rendezvous : OPEN) {
        rendezvous.close();
      }
    }

    /** Deletes the directories (and sockets) of owners that are no longer alive; a live pid's are left alone. */
    private static void sweep() {
      Path parent = Path.of(System.getProperty("java.io.tmpdir"));
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, DIRECTORY_PREFIX + "*")) {
        for (Path entry : entries) {
          Matcher name = NAME.matcher(entry.getFileName().toString());
          if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
            deleteQuietly(entry.resolve("s"));
            deleteQuietly(entry);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: a directory of another user's, or one that vanished meanwhile, is not ours to clean.
      }
    }
  }

  /**
   * Listens on {@code socket}, in a private directory the caller made, for a peer that presents {@code token}: a
   * secret the caller and the peer already share (a {@code Pipe}'s two ends carry one), so no ticket needs to be
   * handed over. {@link #close} removes the socket, and the directory if nothing else is in it.
   *
   * @throws java.net.BindException if something is already there
   * @throws IOException if the socket cannot be made or its path is longer than the platform allows
   */
  public static Rendezvous listen(Path socket, byte[] token) throws IOException {
    if (token.length != TOKEN_BYTES) {
      throw new IllegalArgumentException("a token has " + TOKEN_BYTES + " bytes, this one " + token.length);
    }
    int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > Platform.current().maxSocketPathBytes()) {
      throw new IOException("the socket path " + socket + " is " + length + " bytes, above the "
          + Platform.current().maxSocketPathBytes() + " this platform allows");
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new Rendezvous(socket.getParent(), socket, server, token.clone(), randomBytes(Randomness.RANDOM));
  }

  /** A new random token of {@value #TOKEN_BYTES} bytes, for {@link #listen} and a {@link Ticket}. */
  public static byte[] newToken() {
    return randomBytes(Randomness.RANDOM);
  }

  private static byte[] randomBytes(SecureRandom random) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A new random secret of 16 bytes, in hexadecimal (a child's end-of-output marker, say). */
  static String secret() {
    byte[] bytes = new byte[16];
    Randomness.RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** One generator for the JVM, made on first use: the first {@link SecureRandom} costs milliseconds. */
  private static final class Randomness {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  /** Sweeps away the rendezvous directories of JVMs no longer alive now (it also happens once per JVM by itself). */
  static void sweepLeftovers() {
    Leftovers.sweep();
  }

  /**
   * What the peer needs to connect.
   *
   * @return the ticket
   */
  public Ticket ticket() {
    return new Ticket(socket.toString(), HexFormat.of().formatHex(token));
  }

  /**
   * Waits for the peer that holds the {@link #ticket}, closing any other connection; then stops listening and
   * deletes the socket and its directory.
   *
   * @return the peer's channel, in blocking mode; empty if the rendezvous was {@linkplain #abandon abandoned} or
   *     {@linkplain #close closed} before the peer connected (a peer that connected before {@code abandon} is
   *     still returned)
   * @throws IOException if accepting fails for another reason
   */
  public Optional<SocketChannel> accept() throws IOException {
    try {
      while (true) {
        SocketChannel peer = server.accept();
        byte[] presented = vet(peer);
        if (MessageDigest.isEqual(presented, token)) {
          close();
          return Optional.of(peer);
        }
        peer.close();
        if (MessageDigest.isEqual(presented, wakeToken)) {
          close();
          return Optional.empty();
        }
        // Someone else, or a peer that gave up half-way: keep waiting for the one with the ticket.
      }
    } catch (ClosedChannelException e) { // the listener was closed by close()
      close();
      return Optional.empty();
    }
  }

  /**
   * Reads the token a new connection presents, for at most {@link #VET_TIMEOUT}: the peer writes its token as it
   * connects, so only a stranger takes longer, and it is closed then. Whatever ends early presents nothing.
   */
  private byte[] vet(SocketChannel peer) throws IOException {
    ScheduledFuture<?> deadline = Timers.after(VET_TIMEOUT, () -> closeIfStalled(peer));
    synchronized (this) {
      vetting = peer;
    }
    try {
      ByteBuffer presented = ByteBuffer.allocate(TOKEN_BYTES);
      while (presented.hasRemaining()) {
        if (peer.read(presented) < 0) {
          return new byte[0];
        }
      }
      return presented.array();
    } catch (ClosedChannelException e) { // closed by the timeout: a stranger that said too little
      return new byte[0];
    } finally {
      deadline.cancel(/* mayInterruptIfRunning= */ false);
      synchronized (this) {
        vetting = null;
      }
    }
  }

  private synchronized void closeIfStalled(SocketChannel peer) {
    if (vetting == peer) {
      closeQuietly(peer);
    }
  }

  /**
   * Makes {@link #accept} stop waiting: a peer that connected before this call is still accepted, one after it is
   * not. Connects to the socket itself to wake the waiting {@code accept}: the kernel queues connections in order,
   * so the wake-up comes after any earlier peer (a stranger that stalls ahead of it holds {@code accept} up for at
   * most {@link #VET_TIMEOUT}). Idempotent; does nothing once the rendezvous is closed.
   */
  public void abandon() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try (SocketChannel wake = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      wake.connect(UnixDomainSocketAddress.of(socket));
      wake.write(ByteBuffer.wrap(wakeToken));
    } catch (IOException e) {
      close(); // the listener is gone or broken: closing it is the only way left to release accept
    }
  }

  /** Stops listening and deletes the socket file and its directory. Idempotent; releases a waiting {@link #accept}. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Leftovers.OPEN.remove(this);
    closeQuietly(server);
    deleteQuietly(socket);
    deleteQuietly(directory);
  }

  /**
   * Connects to the rendezvous a ticket names and presents its token.
   *
   * @param ticket where to connect, and the token
   * @return the channel, in blocking mode
   * @throws IOException if nothing listens there any more (the other side gave up or is gone)
   */
  public static SocketChannel connect(Ticket ticket) throws IOException {
    byte[] presented = HexFormat.of().parseHex(ticket.token());
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(ticket.path()));
      ByteBuffer out = ByteBuffer.wrap(presented);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing to release resources: nothing useful to do with a failure
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // removed by someone else, or not ours to remove: either way nothing is left for us to do
    }
  }

  @Override
  public String toString() {
    return "Rendezvous[" + socket + "]";
  }
}
