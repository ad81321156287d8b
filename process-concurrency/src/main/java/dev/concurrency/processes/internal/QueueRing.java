package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * A process queue's shared state: a segment holding two robust locks (one for writers, one for readers),
 * counters, and a ring buffer of records; items too large for the ring go to files beside it.
 *
 * <pre>
 * words 0-4   writers' lock          words 5-9   readers' lock
 * word 10     head: bytes read so far (the next record starts at head mod capacity)
 * word 11     tail: bytes published so far
 * word 12     count: items published and not taken
 * word 13     unfinished tasks (a joinable queue)
 * word 14     the last spill file number
 * word 15     shut down: 0 no, 1 yes (items left can be taken), 2 immediately (drained)
 * byte 192    the ring, capacity bytes
 * record      int length, int kind (0 inline, 1 a spill file's name), the bytes, padding to 8
 * </pre>
 *
 * <p><b>Why a killed writer cannot hang a reader.</b> A writer copies its whole record into the ring past the
 * tail and only then moves the tail (a volatile write): readers never see a record before it is whole. A writer
 * killed halfway leaves bytes past the tail that the next writer overwrites, and its lock, which the next writer
 * takes over (see {@link RobustLock}); a reader simply does not get that item and times out as for any item
 * that never came. A reader killed halfway has not moved the head: the next reader reads the same record
 * again, so the item is not lost.
 *
 * <p>Thread-safe and process-safe: each operation holds the lock of its side.
 */
public final class QueueRing {

  /** Where the ring starts in the segment's data. */
  static final int RING_OFFSET = 192;

  private static final int WRITERS = 0;
  private static final int READERS = RobustLock.WORDS;
  private static final int HEAD = 10;
  private static final int TAIL = 11;
  private static final int COUNT = 12;
  private static final int UNFINISHED = 13;
  private static final int SPILLS = 14;
  private static final int SHUTDOWN = 15;
  private static final int WORDS = 16;

  private static final int RECORD_HEADER = 8;
  private static final int INLINE = 0;
  private static final int SPILLED = 1;

  private final Segment segment;
  private final ByteBuffer data;
  private final Words words;
  private final RobustLock writers;
  private final RobustLock readers;
  private final int capacity;

  private QueueRing(Segment segment) {
    this.segment = segment;
    this.data = segment.data();
    this.words = new Words(data, 0, WORDS);
    this.writers = new RobustLock(new Words(data, WRITERS * Long.BYTES, RobustLock.WORDS), false);
    this.readers = new RobustLock(new Words(data, READERS * Long.BYTES, RobustLock.WORDS), false);
    this.capacity = segment.size() - RING_OFFSET;
  }

  /**
   * Makes a queue's segment with a ring of {@code capacity} bytes (a multiple of 8), tracked.
   *
   * @throws UncheckedIOException if the segment cannot be made
   */
  public static QueueRing create(int capacity) {
    if (capacity < 64 || capacity % 8 != 0 || capacity > Segment.MAX_SIZE - RING_OFFSET) {
      throw new IllegalArgumentException("a queue's buffer is a multiple of 8 bytes from 64, not " + capacity);
    }
    try {
      return new QueueRing(Segment.create(
          SegmentNames.internalFile("queue"), RING_OFFSET + capacity, Segment.Kind.QUEUE, /* tracked= */ true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the queue's shared memory", e);
    }
  }

  /**
   * Maps the queue named {@code name}.
   *
   * @throws UncheckedIOException if it is gone (unlinked, or its tracker exited)
   */
  public static QueueRing attach(String name) {
    try {
      return new QueueRing(Segment.attach(SegmentNames.internalDirectory().resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot attach the queue " + name + " (was it unlinked?)", e);
    }
  }

  /** The segment's name, by which another process attaches the queue. */
  public String name() {
    return segment.file().getFileName().toString();
  }

  /** The writers' lock, held around a put. */
  public RobustLock writers() {
    return writers;
  }

  /** The readers' lock, held around a get. */
  public RobustLock readers() {
    return readers;
  }

  /** Items published and not taken. */
  public long count() {
    return words.get(COUNT);
  }

  /** Unfinished tasks of a joinable queue. */
  public long unfinished() {
    return words.get(UNFINISHED);
  }

  /** Adds {@code delta} to the unfinished tasks; returns the previous number. */
  public long addUnfinished(long delta) {
    return words.getAndAdd(UNFINISHED, delta);
  }

  /** Sets the unfinished tasks from {@code expected} to {@code update}, if they are {@code expected}. */
  public boolean compareAndSetUnfinished(long expected, long update) {
    return words.compareAndSet(UNFINISHED, expected, update);
  }

  /** 0 if the queue is open, 1 if it was shut down, 2 if it was shut down immediately. */
  public long shutdown() {
    return words.get(SHUTDOWN);
  }

  /** Records a shutdown ({@code 1}, or {@code 2} for an immediate one); never lowers it. */
  public void shutdown(long level) {
    while (true) {
      long now = words.get(SHUTDOWN);
      if (now >= level || words.compareAndSet(SHUTDOWN, now, level)) {
        return;
      }
    }
  }

  /** Whether a record is published and not read; a reader checks it holding the readers' lock. */
  public boolean hasRecord() {
    return words.get(TAIL) != words.get(HEAD);
  }

  /**
   * How a record for a payload of {@code length} bytes would go: inline if it fits the ring's free space now
   * and is at most a quarter of the ring, else to a spill file (whose record holds the file's name).
   */
  public boolean fitsInline(int length) {
    return length <= capacity / 4 && recordSize(length) <= free();
  }

  /** Whether a record of {@code length} payload bytes fits the free space now. */
  public boolean fits(int length) {
    return recordSize(length) <= free();
  }

  private long free() {
    return capacity - (words.get(TAIL) - words.get(HEAD));
  }

  private static int recordSize(int length) {
    return RECORD_HEADER + (length + 7) / 8 * 8;
  }

  /**
   * Writes a spill file holding {@code payload} and returns the record payload that names it; the caller holds
   * the writers' lock.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public byte[] spill(byte[] payload) {
    long number = words.getAndAdd(SPILLS, 1) + 1;
    Path directory = spillDirectory();
    Path file = directory.resolve(Long.toString(number));
    try {
      Files.createDirectories(directory);
      Files.write(file, payload, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a large item of " + payload.length + " bytes to " + file, e);
    }
    return file.getFileName().toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Removes a spill file that was written but never published (its put timed out). */
  public void discardSpill(byte[] reference) {
    try {
      Files.deleteIfExists(spillDirectory().resolve(new String(reference, StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      // left for unlink or the tracker: the file is not referenced by any record
    }
  }

  private Path spillDirectory() {
    return spillDirectory(segment.file());
  }

  /** The directory of a queue segment's spill files. */
  public static Path spillDirectory(Path segmentFile) {
    return segmentFile.resolveSibling(segmentFile.getFileName() + ".spill");
  }

  /**
   * Copies a record into the ring past the tail and publishes it; the caller holds the writers' lock and
   * checked that it {@link #fits}.
   *
   * @param spilled whether {@code payload} is a spill file's name
   */
  public void publish(byte[] payload, boolean spilled) {
    long tail = words.get(TAIL);
    int at = (int) (tail % capacity);
    data.putInt(RING_OFFSET + at, payload.length);
    data.putInt(RING_OFFSET + at + 4, spilled ? SPILLED : INLINE);
    copyIn(payload, (at + RECORD_HEADER) % capacity);
    words.set(TAIL, tail + recordSize(payload.length)); // the publication: the record is whole before this
    words.getAndAdd(COUNT, 1);
  }

  /**
   * Copies a record into the ring past the tail and does <em>not</em> publish it: what a writer killed between
   * its copy and its publication leaves behind. For fault tests; the caller holds the writers' lock.
   */
  public void copyWithoutPublishing(byte[] payload) {
    long tail = words.get(TAIL);
    int at = (int) (tail % capacity);
    data.putInt(RING_OFFSET + at, payload.length);
    data.putInt(RING_OFFSET + at + 4, INLINE);
    copyIn(payload, (at + RECORD_HEADER) % capacity);
  }

  /**
   * Reads the record at the head and consumes it; the caller holds the readers' lock and saw
   * {@link #hasRecord}.
   *
   * @return the item's payload (read from its spill file, which is then removed, if it was spilled)
   * @throws UncheckedIOException if a spill file cannot be read
   */
  public byte[] take() {
    long head = words.get(HEAD);
    int at = (int) (head % capacity);
    int length = data.getInt(RING_OFFSET + at);
    boolean spilled = data.getInt(RING_OFFSET + at + 4) == SPILLED;
    if (length < 0 || length > capacity - RECORD_HEADER) {
      throw new IllegalStateException("corrupt queue record of length " + length + " at " + head);
    }
    byte[] payload = copyOut((at + RECORD_HEADER) % capacity, length);
    Path file = null;
    if (spilled) {
      file = spillDirectory().resolve(new String(payload, StandardCharsets.US_ASCII));
      try {
        payload = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new UncheckedIOException("the large item's file " + file + " is gone (the queue was unlinked?)", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the large item's file " + file, e);
      }
    }
    words.set(HEAD, head + recordSize(length)); // consumed: a reader killed before this leaves the item for the next
    words.getAndAdd(COUNT, -1);
    if (file != null) {
      deleteQuietly(file);
    }
    return payload;
  }

  private void copyIn(byte[] bytes, int at) {
    int first = Math.min(bytes.length, capacity - at);
    data.put(RING_OFFSET + at, bytes, 0, first);
    if (first < bytes.length) {
      data.put(RING_OFFSET, bytes, first, bytes.length - first);
    }
  }

  private byte[] copyOut(int at, int length) {
    byte[] bytes = new byte[length];
    int first = Math.min(length, capacity - at);
    data.get(RING_OFFSET + at, bytes, 0, first);
    if (first < length) {
      data.get(RING_OFFSET, bytes, first, length - first);
    }
    return bytes;
  }

  /** Removes the queue's segment and spill files; processes attached keep the mapping. Idempotent. */
  public static void unlink(String name) {
    Path file = SegmentNames.internalDirectory().resolve(name);
    PrivateDirectories.deleteRecursively(spillDirectory(file));
    deleteQuietly(file);
  }

  private static void deleteQuietly(@Nullable Path file) {
    try {
      Files.deleteIfExists(requireNonNull(file));
    } catch (IOException e) {
      // in use (Windows) or gone: the tracker's sweep removes what is left
    }
  }
}
