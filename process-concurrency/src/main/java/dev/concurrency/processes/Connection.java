package dev.concurrency.processes;

import com.google.common.base.Preconditions;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.Frame;
import dev.concurrency.processes.internal.Frames;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One end of a {@link Pipe}: sends serializable objects to the other end and receives what it sends.
 *
 * <p>The end opens its named pipes on first use, which waits until the other end is opened too (in this or any
 * process). {@link #recv()} waits for a message and throws {@link EOFException} once the other end is closed (or
 * its process died) and every message sent before was received. Messages are decoded through an allowlist
 * filter (see {@link Pipe#open(boolean, String...)}). An end is handed to another process by serializing it,
 * typically by capturing it in a task, before it is used here; an end already opened in this process refuses to
 * be serialized.
 *
 * <p>This class is thread-safe: sends are serialized with each other, and so are receives. Memory consistency
 * effects: the receiver sees the object as it was serialized by {@link #send}.
 *
 * <p><b>Python:</b> {@code multiprocessing.connection.Connection} ({@code send}, {@code recv}, {@code poll},
 * {@code close}); {@code recv} on a closed pipe raises {@code EOFError} there, {@link EOFException} here.
 */
public final class Connection implements Serializable, AutoCloseable {

  @Serial private static final long serialVersionUID = 1L;

  private static final long MAX_POLL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final @Nullable String readPath;
  private final @Nullable String writePath;
  /** How long opening waits for the other end before giving up. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

  private final String[] allow; // an array, not a Guava list: its serialized form must pass the allowlist

  private transient Object openLock = new Object();

  @GuardedBy("openLock")
  private transient @Nullable DataInputStream in;

  @GuardedBy("openLock")
  private transient @Nullable DataOutputStream out;

  @GuardedBy("openLock")
  private transient boolean opened;

  @GuardedBy("openLock")
  private transient boolean closed;

  private transient @Nullable Codec codec;

  Connection(@Nullable String readPath, @Nullable String writePath, List<String> allow) {
    this.readPath = readPath;
    this.writePath = writePath;
    this.allow = allow.toArray(String[]::new);
  }

  /** Whether this end can receive ({@code false} for the sending end of a one-way pipe). */
  public boolean readable() {
    return readPath != null;
  }

  /** Whether this end can send ({@code false} for the receiving end of a one-way pipe). */
  public boolean writable() {
    return writePath != null;
  }

  /**
   * Sends one object.
   *
   * @throws IllegalArgumentException if it cannot be serialized
   * @throws IllegalStateException if this end only receives, or is closed
   * @throws IOException if the other end is closed ("Broken pipe")
   */
  public void send(Serializable message) throws IOException {
    Preconditions.checkState(writePath != null, "this end of a one-way pipe only receives");
    byte[] payload = Tasks.encodeValue(message, () -> "the message " + message);
    DataOutputStream stream = open().out;
    synchronized (stream) {
      Frames.write(stream, new Frame(Frame.Kind.RESULT, 0, payload));
    }
  }

  /**
   * Receives the next object, waiting for it.
   *
   * @throws EOFException if the other end was closed and nothing is left to receive
   * @throws IllegalStateException if this end only sends, or is closed
   * @throws java.io.InvalidClassException if the object's class is not on the allowlist
   */
  public Object recv() throws IOException, ClassNotFoundException {
    Preconditions.checkState(readPath != null, "this end of a one-way pipe only sends");
    DataInputStream stream = open().in;
    Optional<Frame> frame;
    synchronized (stream) {
      frame = Frames.read(stream, Frames.DEFAULT_MAX_PAYLOAD);
    }
    if (frame.isEmpty()) {
      throw new EOFException("the other end of the pipe was closed");
    }
    return codec().decode(frame.get().payload());
  }

  /**
   * Waits up to {@code timeout} for something to receive.
   *
   * @return whether {@link #recv()} would not block: a message, or end of file, is there
   * @throws IllegalArgumentException if the timeout is negative
   */
  public boolean poll(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    Preconditions.checkArgument(!timeout.isNegative(), "timeout must not be negative, was %s", timeout);
    Preconditions.checkState(readPath != null, "this end of a one-way pipe only sends");
    DataInputStream stream = open().in;
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoff = 10_000;
    while (stream.available() == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(backoff, left));
      backoff = Math.min(2 * backoff, MAX_POLL_BACKOFF_NANOS);
    }
    return true;
  }

  private Streams open() throws IOException {
    synchronized (openLock) {
      Preconditions.checkState(!closed, "this end of the pipe is closed");
      if (!opened) {
        // Both ends open their paths in sorted order, so two ends opening at once cannot wait on each other.
        for (String path : paths()) {
          if (path.equals(readPath)) {
            in = new DataInputStream(new BufferedInputStream(openForReading(path)));
          } else {
            out = new DataOutputStream(new BufferedOutputStream(openForWriting(path)));
          }
        }
        opened = true;
        for (String path : paths()) {
          Files.deleteIfExists(Path.of(path)); // both ends are open now: the names are no longer needed
        }
      }
      return new Streams(in, out);
    }
  }

  /** The opened streams; a one-way end gets an empty stream for the direction it lacks (never used). */
  private record Streams(DataInputStream in, DataOutputStream out) {
    Streams(@Nullable DataInputStream in, @Nullable DataOutputStream out) {
      this.in = in != null ? in : new DataInputStream(InputStream.nullInputStream());
      this.out = out != null ? out : new DataOutputStream(OutputStream.nullOutputStream());
    }
  }

  private List<String> paths() {
    return Stream.of(readPath, writePath).filter(Objects::nonNull).map(String::valueOf).sorted().toList();
  }

  /** Opens a FIFO for reading; if the other end already closed and removed it, reads as end of file. */
  private static InputStream openForReading(String path) throws IOException {
    return withDeadline(path, () -> {
      try {
        return new FileInputStream(path); // FileInputStream, not Files.newInputStream: available() works on FIFOs
      } catch (FileNotFoundException e) {
        return InputStream.nullInputStream();
      }
    });
  }

  /** Opens a FIFO for writing, never creating a regular file in its place. */
  private static OutputStream openForWriting(String path) throws IOException {
    return withDeadline(path, () -> {
      try {
        return Files.newOutputStream(Path.of(path), StandardOpenOption.WRITE);
      } catch (NoSuchFileException e) {
        throw new EOFException("the other end of the pipe was closed before it was opened");
      }
    });
  }

  private interface Opener<T extends java.io.Closeable> {
    T open() throws IOException;
  }

  /**
   * Opens a FIFO, which blocks until the other end opens it too; if that takes longer than
   * {@link #OPEN_TIMEOUT} (the other process died before opening, say), a watchdog opens the FIFO itself to
   * release the blocked call, and this fails instead of waiting for ever.
   */
  private static <T extends java.io.Closeable> T withDeadline(String path, Opener<T> opener) throws IOException {
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean expired = new AtomicBoolean();
    long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
    Thread watchdog = Thread.ofVirtual().unstarted(() -> {
      for (long left = OPEN_TIMEOUT.toNanos(); left > 0 && !done.get(); left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      if (!done.get() && expired.compareAndSet(false, true)) {
        try {
          new RandomAccessFile(path, "rw").close(); // opening a FIFO read-write never blocks, and releases the other
        } catch (IOException e) {
          // the FIFO is gone: the blocked open has already failed or returned
        }
      }
    });
    watchdog.start();
    T opened;
    try {
      opened = opener.open();
    } finally {
      done.set(true);
      watchdog.interrupt();
    }
    if (expired.get()) {
      opened.close();
      throw new IOException("the other end did not open the pipe " + path + " within " + OPEN_TIMEOUT);
    }
    return opened;
  }

  private Codec codec() {
    Codec current = codec;
    if (current == null) {
      current = Codec.allowing(List.of(allow), Frames.DEFAULT_MAX_PAYLOAD, 1000);
      codec = current;
    }
    return current;
  }

  /**
   * Closes this end; the other end's {@link #recv()} then ends with {@link EOFException}. If this end was never
   * opened, it briefly opens its pipes so that another end waiting to open them is released, then removes them.
   * Idempotent.
   */
  @Override
  public void close() throws IOException {
    synchronized (openLock) {
      if (closed) {
        return;
      }
      closed = true;
      if (opened) {
        if (in != null) {
          in.close();
        }
        if (out != null) {
          out.close();
        }
        return;
      }
      for (String path : paths()) {
        Path file = Path.of(path);
        if (Files.exists(file)) {
          new RandomAccessFile(path, "rw").close(); // Linux: opening a FIFO read-write never blocks
          Files.deleteIfExists(file);
        }
      }
    }
  }

  @Serial
  private void writeObject(ObjectOutputStream stream) throws IOException {
    synchronized (openLock) {
      if (opened || closed) {
        throw new InvalidObjectException(
            "this end of the pipe is already " + (closed ? "closed" : "in use") + " here; send an end to another"
                + " process before using it");
      }
    }
    stream.defaultWriteObject();
  }

  @Serial
  private void readObject(java.io.ObjectInputStream stream) throws IOException, ClassNotFoundException {
    stream.defaultReadObject();
    openLock = new Object();
  }

  @Override
  public String toString() {
    return "Connection[" + (readable() ? "r" : "") + (writable() ? "w" : "") + "]";
  }
}
