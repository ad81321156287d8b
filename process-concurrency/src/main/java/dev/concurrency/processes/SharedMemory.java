package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Platform;
import dev.concurrency.processes.internal.Segment;
import dev.concurrency.processes.internal.SegmentNames;
import dev.concurrency.processes.internal.Words;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A named block of memory that processes share: create it in one process, attach it by name in others, and they
 * read and write the same bytes.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=sharedMemory}
 *
 * <p><b>Where it lives.</b> A segment is a memory-mapped file in this user's private shared-memory directory
 * ({@code /dev/shm/dev.concurrency-<user>/segments} on Linux, a private directory under {@code java.io.tmpdir}
 * elsewhere; set {@code -Ddev.concurrency.processes.sharedMemoryDir} to choose), which works the same on Linux,
 * macOS and Windows. {@link #create(String, int)} fails if the name is taken; a creation is atomic, so no
 * process ever attaches a half-made segment.
 *
 * <p><b>Lifetime.</b> As in Python: {@link #close()} releases this handle (its {@link #buf()} may no longer be
 * asked for), {@link #unlink()} removes the name, once, from any process; processes that attached keep their
 * memory until they let it go. A segment created with tracking on (the default) is removed, with a warning on
 * standard error, when the root of its process tree exits without anybody having unlinked it, as Python's
 * resource tracker does; attaching never tracks. Java cannot unmap eagerly under {@code --release 21}: the
 * mapping itself goes when the buffers are collected.
 *
 * <p><b>As a handle.</b> A {@code SharedMemory} is serializable: another process that deserializes it attaches
 * the segment by name (and fails with {@link NoSuchFileException} if it was unlinked).
 *
 * <p>This class is thread-safe. The memory is shared without synchronization, as Python's: use a
 * {@link SharedLock} to coordinate, or the atomic {@code long} operations ({@link #getAndAddLong},
 * {@link #compareAndSetLong}, {@link #getLongVolatile}, {@link #setLongVolatile}), a Java addition. Memory
 * consistency effects: none beyond the hardware's for plain reads and writes of the buffer; the atomic operations
 * have the {@link java.lang.invoke.VarHandle} semantics their names say, across processes as well as threads.
 *
 * <p><b>Python:</b> {@code multiprocessing.shared_memory.SharedMemory(name, create, size, track)}: {@code buf} is
 * {@link #buf()}, {@code name}, {@code size}, {@code close()}, {@code unlink()}; {@code FileExistsError} and
 * {@code FileNotFoundError} are {@link FileAlreadyExistsException} and {@link NoSuchFileException}.
 * Differences: attaching never registers the segment with the tracker (Python's does, and then removes a segment
 * it did not create when the attaching process exits); {@link #size()} is the size asked for, never rounded up to
 * a page; on Windows, where a mapped file cannot be deleted, {@code unlink} of a segment that is still mapped
 * leaves it for the tracker to remove at the root's exit (so it can still be attached until then).
 */
public final class SharedMemory implements AutoCloseable, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The largest size of a segment: a mapping is indexed by an {@code int}. */
  public static final int MAX_SIZE = Segment.MAX_SIZE;

  /** The segment's name, by which a copy attaches it. */
  private final String name;
  /** The size in bytes. */
  private final int size;
  private transient volatile @Nullable Segment segment;

  private SharedMemory(Segment segment, String name) {
    this.name = name;
    this.size = segment.size();
    this.segment = segment;
  }

  /**
   * Creates a segment of {@code size} zero bytes under a fresh name, tracked.
   *
   * @param size the size in bytes
   * @return the attached segment
   * @throws IllegalArgumentException if {@code size} is not 1 to {@link #MAX_SIZE}
   * @throws IOException if the file cannot be made or mapped
   */
  public static SharedMemory create(int size) throws IOException {
    return builder().size(size).create();
  }

  /**
   * Creates the segment {@code name} with {@code size} zero bytes, tracked.
   *
   * @param name the segment's name
   * @param size the size in bytes
   * @return the attached segment
   * @throws IllegalArgumentException if the name is not usable (empty, with a NUL or a path separator) or
   *     {@code size} is not 1 to {@link #MAX_SIZE}
   * @throws FileAlreadyExistsException if a segment of that name exists
   * @throws IOException if the file cannot be made or mapped
   */
  public static SharedMemory create(String name, int size) throws IOException {
    return builder().name(name).size(size).create();
  }

  /**
   * Attaches the existing segment {@code name} (a leading {@code /} is ignored, as POSIX names have one).
   *
   * @param name the segment's name
   * @return the attached segment
   * @throws IllegalArgumentException if the name is not usable
   * @throws NoSuchFileException if there is no segment of that name
   * @throws IOException if the file is not a segment or cannot be mapped
   */
  public static SharedMemory attach(String name) throws IOException {
    String checked = SegmentNames.checkUserName(requireNonNull(name, "name"));
    return new SharedMemory(Segment.attach(SegmentNames.userFile(checked)), checked);
  }

  /** {@return a builder, for a segment with tracking set explicitly} */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a segment to create or attach; not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private int size;
    private @Nullable Boolean track;
    private Supplier<String> names = SegmentNames::generatedName;

    private Builder() {}
    /**
     * The segment's name (a fresh {@code psm_...} one by default).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = SegmentNames.checkUserName(requireNonNull(name, "name"));
      return this;
    }
    /**
     * The size in bytes (required).
     *
     * @param size the size in bytes
     * @return this builder
     */
    public Builder size(int size) {
      if (size <= 0) {
        throw new IllegalArgumentException("'size' must be a positive number different from zero, was " + size);
      }
      if (size > MAX_SIZE) {
        throw new IllegalArgumentException("'size' must be at most SharedMemory.MAX_SIZE (" + MAX_SIZE + "), was " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * Whether the root of this process tree removes the segment when it exits, if nobody unlinked it by then:
     * {@code true} by default when creating, {@code false} by default when attaching. Python's {@code track}
     * (whose default is {@code true} for both).
     *
     * @param track whether the segment is removed at the root's exit
     * @return this builder
     */
    public Builder track(boolean track) {
      this.track = track;
      return this;
    }

    /** Where fresh names come from; for tests that need a name to be taken. */
    Builder names(Supplier<String> generator) {
      this.names = requireNonNull(generator, "generator");
      return this;
    }

    /**
     * Attaches the existing segment of the given name, tracking it if {@link #track(boolean) track(true)} was
     * asked.
     *
     * @return the attached segment
     * @throws IllegalStateException if no name was given
     * @throws NoSuchFileException if there is no segment of that name
     * @throws IOException if the file is not a segment or cannot be mapped
     */
    public SharedMemory attach() throws IOException {
      if (name == null) {
        throw new IllegalStateException("attaching needs the segment's name: builder().name(...)");
      }
      Segment attached = Segment.attach(SegmentNames.userFile(name));
      if (Boolean.TRUE.equals(track)) {
        attached.track();
      }
      return new SharedMemory(attached, name);
    }

    /**
     * Creates the segment.
     *
     * @return the attached segment
     * @throws IllegalArgumentException if no size was given
     * @throws FileAlreadyExistsException if a segment of that name exists
     * @throws IOException if the file cannot be made or mapped
     */
    public SharedMemory create() throws IOException {
      if (size == 0) {
        throw new IllegalArgumentException("'size' must be given to create a segment");
      }
      String chosen = name;
      boolean tracked = !Boolean.FALSE.equals(track);
      while (true) {
        String candidate = chosen != null ? chosen : SegmentNames.checkUserName(names.get());
        try {
          Segment made = Segment.create(SegmentNames.userFile(candidate), size, Segment.Kind.USER, tracked);
          return new SharedMemory(made, candidate);
        } catch (FileAlreadyExistsException e) {
          if (chosen != null) {
            throw e;
          }
          // a generated name that was taken: draw another, as Python does
        }
      }
    }
  }

  /** {@return the segment's name, by which other processes {@link #attach} it} */
  public String name() {
    return name;
  }

  /** {@return the size in bytes} */
  public int size() {
    return size;
  }

  /**
   * The memory, as a buffer of {@link #size()} bytes (big-endian for multi-byte reads, as every fresh
   * {@link ByteBuffer}; use {@code order(...)} to change it). Each call gives a new buffer over the same memory,
   * with its own position and limit.
   *
   * @return a buffer over the segment's memory
   * @throws IllegalStateException if this handle is closed
   */
  public ByteBuffer buf() {
    Segment attached = segment;
    if (attached == null) {
      throw new IllegalStateException("SharedMemory " + name + " is closed: attach it again to use it");
    }
    return attached.data().order(ByteOrder.BIG_ENDIAN);
  }

  /**
   * Reads the 8 bytes at {@code offset} as a {@code long} in native byte order, with volatile semantics (a Java
   * addition: Python's buffer has no atomic access).
   *
   * @param offset the byte offset, a multiple of 8
   * @return the value
   * @throws IllegalArgumentException if {@code offset} is not a multiple of 8 within the segment
   * @throws IllegalStateException if this handle is closed
   */
  public long getLongVolatile(int offset) {
    return words(offset).get(0);
  }

  /**
   * Writes a {@code long} at {@code offset} (a multiple of 8) in native byte order, with volatile semantics.
   *
   * @param offset the byte offset, a multiple of 8
   * @param value the new value
   * @throws IllegalArgumentException if {@code offset} is not a multiple of 8 within the segment
   * @throws IllegalStateException if this handle is closed
   */
  public void setLongVolatile(int offset, long value) {
    words(offset).set(0, value);
  }

  /**
   * Atomically adds {@code delta} to the {@code long} at {@code offset} (a multiple of 8), across processes: the
   * processor's atomic instruction on memory every process maps. Returns the previous value.
   *
   * @param offset the byte offset, a multiple of 8
   * @param delta what to add
   * @return the value before the addition
   * @throws IllegalArgumentException if {@code offset} is not a multiple of 8 within the segment
   * @throws IllegalStateException if this handle is closed
   */
  public long getAndAddLong(int offset, long delta) {
    return words(offset).getAndAdd(0, delta);
  }

  /**
   * Atomically sets the {@code long} at {@code offset} (a multiple of 8) to {@code update} if it holds
   * {@code expected}, across processes.
   *
   * @param offset the byte offset, a multiple of 8
   * @param expected the value it must hold
   * @param update the new value
   * @return whether it did
   * @throws IllegalArgumentException if {@code offset} is not a multiple of 8 within the segment
   * @throws IllegalStateException if this handle is closed
   */
  public boolean compareAndSetLong(int offset, long expected, long update) {
    return words(offset).compareAndSet(0, expected, update);
  }

  private Words words(int offset) {
    if (offset < 0 || offset % Long.BYTES != 0 || offset > size - Long.BYTES) {
      throw new IllegalArgumentException("an atomic long is at a multiple of 8 from 0 to " + (size - Long.BYTES)
          + ", not at " + offset);
    }
    return new Words(buf(), offset, 1);
  }

  /** Lets go of this handle; later calls of {@link #buf()} fail. Does not remove the segment. Idempotent. */
  @Override
  public void close() {
    segment = null;
  }

  /**
   * Removes the segment's name: no process can attach it any more, and those that did keep their memory.
   *
   * @throws NoSuchFileException if it was unlinked already
   * @throws IOException if the file cannot be removed
   */
  public void unlink() throws IOException {
    SegmentNames.checkUserName(name);
    try {
      java.nio.file.Files.delete(SegmentNames.userFile(name));
    } catch (java.nio.file.FileSystemException e) {
      if (e instanceof NoSuchFileException || Platform.current() != Platform.WINDOWS) {
        throw e;
      }
      // Windows refuses to delete a file that is mapped: the tracker's sweep removes it at the root's exit
    }
  }

  /** The directory the segments are in, for tests and for the README's statement of where they live. */
  static Path directory() {
    return SegmentNames.userDirectory();
  }

  /**
   * Reads the name and size, and attaches the segment (untracked).
   *
   * @param in the stream
   * @throws IOException if the stream fails or the segment cannot be attached
   * @throws ClassNotFoundException never, for this class's fields
   */
  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    try {
      segment = Segment.attach(SegmentNames.userFile(SegmentNames.checkUserName(name)));
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SharedMemory('" + name + "', size=" + size + ")";
  }
}
