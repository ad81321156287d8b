package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two connected {@link Connection}s, for messages between two processes (or threads): what one end sends, the
 * other receives, in order.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=pipe}
 *
 * <p>Each direction is a named pipe (a FIFO made with {@code mkfifo}) in {@code /dev/shm} or the temporary
 * directory, so an end can be handed to any process by serializing it, and no network port is opened. The
 * files are removed as soon as both ends have opened them. Linux and macOS only (it needs {@code mkfifo}).
 *
 * <p>Instances are immutable and thread-safe; see {@link Connection} for the ends.
 *
 * <p><b>Python:</b> {@code multiprocessing.Pipe(duplex=True)}, which returns {@code (conn1, conn2)}; with
 * {@code duplex=False}, {@code conn1} only receives and {@code conn2} only sends, as here.
 *
 * @param left the first end (with {@code duplex=false}: the receiving end)
 * @param right the second end (with {@code duplex=false}: the sending end)
 */
public record Pipe(Connection left, Connection right) {

  /** Checks the parts. */
  public Pipe {
    requireNonNull(left, "left");
    requireNonNull(right, "right");
  }

  /** A duplex pipe that accepts the default allowlist. */
  public static Pipe open() {
    return open(/* duplex= */ true);
  }

  /**
   * A pipe whose ends decode messages through the default allowlist plus {@code allow} (patterns such as
   * {@code com.example.**}).
   *
   * @param duplex {@code true}: both ends send and receive; {@code false}: {@code left} receives only,
   *     {@code right} sends only
   * @throws UncheckedIOException if the named pipes cannot be made
   */
  public static Pipe open(boolean duplex, String... allow) {
    Path forward = fifo();
    Path backward = duplex ? fifo() : null;
    List<String> patterns = List.of(allow);
    if (backward == null) {
      return new Pipe(
          new Connection(forward.toString(), null, patterns), new Connection(null, forward.toString(), patterns));
    }
    // Every end opens `forward` first, then `backward`, so two ends opening at once cannot wait on each other.
    return new Pipe(
        new Connection(backward.toString(), forward.toString(), patterns),
        new Connection(forward.toString(), backward.toString(), patterns));
  }

  static Path fifo() {
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
      Path path = dir.resolve("pipe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + Math.abs(Thread.currentThread().threadId()));
      Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
      String message = new String(mkfifo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
        mkfifo.destroyForcibly();
        throw new IOException("mkfifo " + path + " failed: " + message.strip());
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a named pipe (is mkfifo installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a named pipe", e);
    }
  }
}
