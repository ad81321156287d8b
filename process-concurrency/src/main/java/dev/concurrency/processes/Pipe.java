package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.Rendezvous;
import dev.concurrency.processes.internal.PipeRendezvous;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two connected {@link Connection}s, for messages between two processes (or threads): what one end sends, the
 * other receives, in order.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=pipe}
 *
 * <p><b>How the ends meet.</b> Making a pipe makes a private directory (mode {@code 0700}) in this JVM's own
 * directory and a random 32-byte token; each end carries both, which is what makes an end serializable. The
 * first end to be used, in whatever process, listens on a Unix domain socket in that directory; the second
 * connects to it and sends the token and which end it is, and a connection without the right token is dropped.
 * The directory is removed as soon as the ends are connected, or once both are closed (or one is closed and the
 * other's process died); a pipe one of whose ends is never used keeps it until this JVM exits. Nothing listens on a
 * network port, and nothing is run besides the JVM (no {@code mkfifo}): Unix domain sockets are in the JDK on
 * Linux, macOS and Windows 10 and later. An end must be first used while the JVM that made the pipe is alive
 * (its directory goes with it).
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

  /** The default {@linkplain Builder#maxMessageSize largest message}: the largest Java array. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = Integer.MAX_VALUE - 8;

  /** Checks the parts. */
  public Pipe {
    requireNonNull(left, "left");
    requireNonNull(right, "right");
  }

  /**
   * A duplex pipe whose ends decode messages through the default allowlist.
   *
   * @return the pipe: its two ends
   * @throws UncheckedIOException if the pipe's directory cannot be made
   */
  public static Pipe open() {
    return builder().open();
  }

  /**
   * A pipe whose ends decode messages through the default allowlist plus {@code allow} (patterns such as
   * {@code com.example.**}).
   *
   * @param allow more deserialization allowlist patterns
   * @return the pipe: its two ends
   * @param duplex {@code true}: both ends send and receive; {@code false}: {@code left} receives only,
   *     {@code right} sends only
   * @throws IllegalArgumentException if a pattern is malformed
   * @throws UncheckedIOException if the pipe's directory cannot be made
   */
  public static Pipe open(boolean duplex, String... allow) {
    return builder().duplex(duplex).allow(allow).open();
  }

  /** {@return a builder for a pipe with settings other than the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a pipe; not thread-safe. */
  public static final class Builder {
    private boolean duplex = true;
    private final List<String> allow = new ArrayList<>();
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

    private Builder() {}

    /**
     * Whether both ends send and receive ({@code true}, the default), or {@code left} only receives and
     * {@code right} only sends.
     *
     * @param duplex whether both ends send and receive
     * @return this builder
     */
    public Builder duplex(boolean duplex) {
      this.duplex = duplex;
      return this;
    }

    /**
     * Adds deserialization allowlist patterns for what the ends {@code recv}, such as {@code com.example.**}
     * ({@link java.io.ObjectInputFilter.Config#createFilter} syntax). The JDK's value types and
     * {@code dev.concurrency.**} are always allowed.
     *
     * @param patterns class or package patterns
     * @return this builder
     */
    public Builder allow(String... patterns) {
      for (String pattern : patterns) {
        allow.add(requireNonNull(pattern, "pattern"));
      }
      return this;
    }

    /**
     * The longest message, in bytes, that an end sends or receives ({@link #DEFAULT_MAX_MESSAGE_SIZE} by
     * default, the largest Java array; Python has no limit). A longer {@code send} is refused with an
     * {@link IllegalArgumentException} before anything is written.
     *
     * @param bytes the longest message in bytes
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

    List<String> allowlist() {
      return allow;
    }

    int maxMessageSize() {
      return maxMessageSize;
    }

    /**
     * Makes the pipe.
     *
     * @return the pipe: its two ends
     * @throws IllegalArgumentException if an allowlist pattern is malformed
     * @throws UncheckedIOException if the pipe's directory cannot be made
     */
    public Pipe open() {
      Codec.allowing(allow, 1, 1); // checks the patterns here, not in the process that first receives
      Path directory = PipeRendezvous.newPipeDirectory();
      byte[] token = Rendezvous.newToken();
      Connection left = new Connection(directory, token, 0, /* readable= */ true, /* writable= */ duplex, this);
      Connection right = new Connection(directory, token, 1, /* readable= */ duplex, /* writable= */ true, this);
      return new Pipe(left, right);
    }
  }
}
