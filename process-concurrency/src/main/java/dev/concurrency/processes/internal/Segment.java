package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A memory-mapped file that processes share: a 64-byte header, then the data. The header says what the file is
 * and who tracks it:
 *
 * <pre>
 * offset  0  int   magic "DCSM"
 *         4  int   kind (see {@link Kind})
 *         8  long  data size in bytes
 *        16  long  tracker pid, 0 if untracked
 *        24  long  tracker start ({@link Liveness#startMark})
 *        32..63    reserved
 *        64        data
 * </pre>
 *
 * <p>A segment is created under a temporary name, its header and size written, and then linked to its real name
 * with a hard link, which fails if the name is taken: no process can attach a half-made segment, and two
 * creators of one name cannot both succeed. The mapping outlives the file channel (closed at once) and the file
 * (a process that still maps an unlinked segment keeps its pages); Java cannot unmap it before it is collected.
 *
 * <p>Instances are immutable and thread-safe; the data's contents are shared memory, accessed as its users
 * say.
 */
public final class Segment {

  /** The header's length: data starts here, 64-byte aligned within a page. */
  public static final int HEADER_BYTES = 64;

  /** The largest data size: a mapping is indexed by an {@code int}. */
  public static final int MAX_SIZE = Integer.MAX_VALUE - HEADER_BYTES;

  private static final int MAGIC = 0x4443534D; // "DCSM"

  /** What a segment holds, for the exit sweep's report. */
  public enum Kind {
    /** A {@code SharedMemory} a user named or created. */
    USER,
    /** An arena of the shared heap (values, arrays, locks). */
    HEAP,
    /** A process queue's buffer. */
    QUEUE
  }

  private final Path file;
  private final MappedByteBuffer mapping;
  private final ByteBuffer data;
  private final int size;
  private final Kind kind;

  private Segment(Path file, MappedByteBuffer mapping, int size, Kind kind) {
    this.file = file;
    this.mapping = mapping;
    this.size = size;
    this.kind = kind;
    this.data = mapping.slice(HEADER_BYTES, size).order(ByteOrder.nativeOrder());
  }

  /**
   * Creates the segment {@code file} with {@code size} zero bytes of data.
   *
   * @param tracked whether the {@link Tracker} removes it when the tracking JVM exits
   * @throws FileAlreadyExistsException if a segment of that name exists
   * @throws IOException if the file cannot be made or mapped
   */
  public static Segment create(Path file, int size, Kind kind, boolean tracked) throws IOException {
    if (size <= 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + " bytes, was " + size);
    }
    Path temporary = file.resolveSibling(".tmp-" + Liveness.SELF_PID + "-" + PrivateDirectories.randomName(6));
    MappedByteBuffer mapping;
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.putInt(0, MAGIC).putInt(4, kind.ordinal()).putLong(8, size);
      if (tracked) {
        header.putLong(16, Tracker.pid()).putLong(24, Tracker.start());
      }
      channel.write(header, 0);
      channel.write(ByteBuffer.allocate(1), HEADER_BYTES + (long) size - 1); // the full length, zero-filled
      mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES + (long) size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.createLink(file, temporary);
    } finally {
      Files.deleteIfExists(temporary);
    }
    if (tracked) {
      Tracker.segmentCreated();
    }
    return new Segment(file, mapping, size, kind);
  }

  /**
   * Maps an existing segment.
   *
   * @throws NoSuchFileException if there is none of that name
   * @throws IOException if it is not a segment (no header), or cannot be mapped
   */
  public static Segment attach(Path file) throws IOException {
    requireNonNull(file, "file");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Header header = readHeader(channel).orElseThrow(() -> new IOException(file + " is not a shared-memory segment"));
      if (channel.size() < HEADER_BYTES + (long) header.size()) {
        throw new IOException(file + " is shorter than its header says: not a whole shared-memory segment");
      }
      MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES + (long) header.size());
      return new Segment(file, mapping, header.size(), header.kind());
    }
  }

  /** What a segment's header says. */
  public record Header(Kind kind, int size, long trackerPid, long trackerStart) {}

  /** Reads a segment file's header; empty if the file is not one (or is being made). */
  public static Optional<Header> readHeader(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(channel);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Header> readHeader(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    while (header.hasRemaining()) {
      if (channel.read(header, header.position()) <= 0) { // a positional read advances the buffer only
        break;
      }
    }
    if (header.position() < HEADER_BYTES || header.getInt(0) != MAGIC) {
      return Optional.empty();
    }
    int kind = header.getInt(4);
    long size = header.getLong(8);
    if (kind < 0 || kind >= Kind.values().length || size <= 0 || size > MAX_SIZE) {
      return Optional.empty();
    }
    return Optional.of(new Header(Kind.values()[kind], (int) size, header.getLong(16), header.getLong(24)));
  }

  /**
   * Makes the tracker of this JVM's process tree the segment's tracker, so that it is removed when that tracker
   * exits (Python's {@code track=True} on attaching).
   */
  public void track() {
    mapping.putLong(24, Tracker.start());
    mapping.putLong(16, Tracker.pid());
    Tracker.segmentCreated();
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The data's size in bytes. */
  public int size() {
    return size;
  }

  /** What the segment holds. */
  public Kind kind() {
    return kind;
  }

  /** The data, in native byte order: a view whose position and limit are the caller's own. */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.nativeOrder());
  }

  /**
   * Removes the file; processes that map it keep their pages.
   *
   * @throws NoSuchFileException if it was removed already
   */
  public void unlink() throws IOException {
    Files.delete(file);
  }

  @Override
  public String toString() {
    return "Segment[" + file.getFileName() + ", " + size + " bytes, " + kind + "]";
  }
}
