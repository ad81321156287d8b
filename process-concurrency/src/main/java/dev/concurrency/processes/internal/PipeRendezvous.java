package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * How the two ends of a pipe find each other, in whichever processes they are used: the first end to be used
 * listens on a Unix domain socket in the pipe's private directory (a {@link Rendezvous} with the pipe's token,
 * which both ends carry), the second connects to it and presents the token.
 *
 * <p>The directory holds, besides the socket {@code s}: {@code opened-N}, made (exclusively) by end {@code N}
 * when a process starts to use it, holding that process's pid and start time, so that a second process opening
 * the same end is refused and a listener that died is recognised; and {@code closed-N}, made when end
 * {@code N} is closed before it was ever used, so that the other end reads end of file. A closing end writes its
 * marker first and then connects (and at once disconnects) if the other end listens; a listening end checks the
 * marker after it starts listening; so whichever order they run in, the other end learns of the close. Once the
 * two ends are connected, both remove the directory (whichever is first), and so does the end that is closed
 * last, or closed after the other end's process died; an end that no process ever used keeps it until the JVM
 * that made the pipe exits (its directory is removed then).
 *
 * <p>Instances are immutable and thread-safe; each end's process calls {@link #open} at most once.
 */
public final class PipeRendezvous {

  /** How long a socket file may refuse connections while its listener is alive before this gives up. */
  static final Duration REFUSAL_LIMIT = Duration.ofSeconds(10);

  private static final String SOCKET = "s";

  private final Path directory;
  private final byte[] token;
  private final int role;

  /**
   * The rendezvous of end {@code role} (0 or 1) of the pipe in {@code directory}.
   *
   * @param directory the pipe's directory, made by {@link #newPipeDirectory()}
   * @param token the pipe's secret
   * @param role which end this is: 0 or 1
   */
  public PipeRendezvous(Path directory, byte[] token, int role) {
    this.directory = requireNonNull(directory, "directory");
    this.token = requireNonNull(token, "token").clone();
    if (role != 0 && role != 1) {
      throw new IllegalArgumentException("a pipe has ends 0 and 1, not " + role);
    }
    this.role = role;
  }

  /** Makes the private directory of a new pipe, in this JVM's directory. */
  public static Path newPipeDirectory() {
    Path directory = PrivateDirectories.socketPath("p");
    try {
      return PrivateDirectories.ensurePrivate(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the pipe's directory " + directory, e);
    }
  }

  /** What {@link #open} found. */
  public sealed interface Opened permits Connected, Listening, PeerClosed {}

  /** The other end was listening: this end is connected to it. */
  public record Connected(SocketChannel channel) implements Opened {}

  /** This end is first: it listens, and {@link #acceptPeer} waits for the other end. */
  public record Listening(Rendezvous rendezvous) implements Opened {}

  /** The other end was closed before it was used, or its process died while it listened: end of file. */
  public record PeerClosed() implements Opened {}

  /**
   * Starts using this end in this process: connects to the other end if it listens, else listens.
   *
   * @throws IOException if this end is already in use in another process, if the pipe's directory is gone (both
   *     ends met already, or the JVM that made the pipe exited), or if the socket keeps refusing
   */
  public Opened open() throws IOException {
    claim();
    long refusedSince = 0;
    while (true) {
      if (exists(closedMarker(1 - role))) {
        return peerClosed();
      }
      Path socket = directory.resolve(SOCKET);
      try {
        Connected connected = new Connected(Rendezvous.connect(ticket()));
        PrivateDirectories.deleteRecursively(directory); // the listener does too, unless it dies first
        return connected;
      } catch (IOException e) {
        // nobody listens there (yet): listen ourselves, or wait for a listener that is starting
      }
      if (!exists(socket)) {
        Opened listening = tryListen(socket);
        if (listening != null) {
          return listening;
        }
        continue; // the other end bound the socket meanwhile: connect to it
      }
      if (peerDied()) {
        return peerClosed();
      }
      long now = System.nanoTime();
      if (refusedSince == 0) {
        refusedSince = now;
      } else if (now - refusedSince > REFUSAL_LIMIT.toNanos()) {
        throw new IOException("the other end of the pipe is alive but its socket " + socket + " refused connections"
            + " for " + REFUSAL_LIMIT);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // it is between bind and listen: a moment
    }
  }

  private Rendezvous.Ticket ticket() {
    return new Rendezvous.Ticket(directory.resolve(SOCKET).toString(), HexFormat.of().formatHex(token));
  }

  private @Nullable Opened tryListen(Path socket) throws IOException {
    Rendezvous server;
    try {
      server = Rendezvous.listen(socket, token);
    } catch (IOException e) {
      if (exists(socket)) {
        return null;
      }
      if (!Files.isDirectory(directory)) {
        throw gone();
      }
      throw e;
    }
    if (exists(closedMarker(1 - role))) { // closed before this end listened, so its wake-up missed us
      server.close();
      return peerClosed();
    }
    return new Listening(server);
  }

  /**
   * Waits for the other end to connect to {@code rendezvous}; then removes the pipe's directory.
   *
   * @throws ClosedChannelException if the rendezvous was abandoned meanwhile (this end was closed locally)
   */
  public SocketChannel acceptPeer(Rendezvous rendezvous) throws IOException {
    SocketChannel peer = rendezvous.accept().orElseThrow(ClosedChannelException::new);
    PrivateDirectories.deleteRecursively(directory);
    return peer;
  }

  /** This end was closed before it was used: tells the other end, now or when it opens. */
  public void closeUnopened() {
    try {
      Files.write(closedMarker(role), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return; // the directory is gone: the other end already met this one's copy elsewhere, or cannot anymore
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark the pipe's end closed in " + directory, e);
    }
    wakeListener();
    deleteIfPeerDone();
  }

  /** This end listened and is now closed before anybody connected: tells the other end, and stops listening. */
  public void abandonListening(Rendezvous rendezvous) throws IOException {
    try {
      Files.write(closedMarker(role), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      // the directory is gone: the other end was closed unopened, woke this end's listener, and the accept thread
      // removed the directory; nobody is left to tell
    } finally {
      rendezvous.abandon(); // wakes the accept thread, which finds the rendezvous closed
      rendezvous.close();
    }
    deleteIfPeerDone();
  }

  /**
   * Removes the pipe's directory if the other end can never be used again: it was closed unused, or the process
   * that opened it died. Otherwise the directory stays for it (an end sent to a process that has not used it yet
   * may still open and read end of file) until the JVM that made the pipe exits.
   */
  private void deleteIfPeerDone() {
    if (exists(closedMarker(1 - role)) || peerDied()) {
      PrivateDirectories.deleteRecursively(directory);
    }
  }

  private void wakeListener() {
    try {
      Rendezvous.connect(ticket()).close(); // connected and at once closed: the listener reads end of file
    } catch (IOException e) {
      // nobody listens: the other end will find the marker when it opens
    }
  }

  /** Records that this process uses this end; refuses if another process already does. */
  private void claim() throws IOException {
    Path marker = directory.resolve("opened-" + role);
    String me = Liveness.SELF_PID + " " + Liveness.SELF_START;
    try {
      Files.writeString(marker, me, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("this end of the pipe is already in use in the process " + readOwner(marker)[0]
          + ": an end can be used by one process (send it to another before using it)");
    } catch (NoSuchFileException e) {
      throw gone();
    }
  }

  /** Whether the other end opened and its process is gone: a listener that died leaves its socket file behind. */
  private boolean peerDied() {
    long[] owner = readOwner(directory.resolve("opened-" + (1 - role)));
    return owner[0] != 0 && !Liveness.isAlive(owner[0], owner[1]);
  }

  /** The pid and start time in an {@code opened-N} marker; zeros if it is missing or half written. */
  private static long[] readOwner(Path marker) {
    try {
      String[] parts = Files.readString(marker, StandardCharsets.US_ASCII).trim().split(" ");
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private Opened peerClosed() {
    PrivateDirectories.deleteRecursively(directory); // both ends are done with the rendezvous
    return new PeerClosed();
  }

  private Path closedMarker(int end) {
    return directory.resolve("closed-" + end);
  }

  private static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  private IOException gone() {
    return new IOException("the pipe's directory " + directory + " is gone: both ends were already opened (an end"
        + " can be used by one process), or the JVM that made the pipe exited before both ends were used");
  }
}
