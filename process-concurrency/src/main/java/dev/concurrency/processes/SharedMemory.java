package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A region of memory shared by processes: a file mapped into each process's address space, read and written
 * as {@code long} slots with atomic operations, plus a {@link SharedLock} that works across processes.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=sharedMemory}
 *
 * <p>Slot {@code i} is the 8 bytes at offset {@code 8 * i}, in native byte order, so every access is aligned and
 * the {@link VarHandle} atomic access modes work on it: {@link #get} and {@link #set} are volatile reads and
 * writes, {@link #getAndAdd} and {@link #compareAndSet} are atomic read-modify-writes, in this process and any
 * other that maps the same file (they are the processor's atomic instructions on the same physical memory).
 * Contents start at zero. The mapping lives until this object is garbage collected (Java cannot unmap eagerly
 * before {@code java.lang.foreign}, which {@code --release 21} does not finalize); {@link #close} releases the
 * file channel and {@link #unlink} removes the file, after which processes that still map it keep their view.
 *
 * <p>This class is thread-safe. Memory consistency effects: the access modes are those of
 * {@link VarHandle#getVolatile}, {@link VarHandle#setVolatile}, {@link VarHandle#getAndAdd} and
 * {@link VarHandle#compareAndSet}, across processes as well as threads.
 *
 * <p><b>Python:</b> {@code multiprocessing.shared_memory.SharedMemory} with {@code multiprocessing.Value}'s
 * role: Python gives raw bytes and leaves atomicity to a separate lock; here each slot has atomic operations,
 * and {@link #lock()} is the cross-process lock for compound updates.
 */
public final class SharedMemory implements AutoCloseable {

  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final Path path;
  private final FileChannel channel;
  private final MappedByteBuffer buffer;
  private final int slots;
  private final SharedLock lock;

  private SharedMemory(Path path, FileChannel channel, int slots) throws IOException {
    this.path = path;
    this.channel = channel;
    this.slots = slots;
    this.buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * Long.BYTES);
    this.lock = new SharedLock(path, channel, 0);
  }

  /**
   * Creates a new region of {@code slots} longs in a fresh file, in {@code /dev/shm} when the machine has one
   * (memory, never written to disk), else in the temporary directory.
   *
   * @throws IllegalArgumentException if {@code slots} is not positive
   * @throws UncheckedIOException if the file cannot be created or mapped
   */
  public static SharedMemory create(int slots) {
    Preconditions.checkArgument(slots > 0, "slots must be > 0, was %s", slots);
    try {
      Path shm = Path.of("/dev/shm");
      Path file =
          Files.isDirectory(shm) && Files.isWritable(shm)
              ? Files.createTempFile(shm, "shared-memory-", ".bin")
              : Files.createTempFile("shared-memory-", ".bin");
      return create(file, slots);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a shared-memory file", e);
    }
  }

  /**
   * Creates (or truncates) {@code file} as a region of {@code slots} longs, all zero.
   *
   * @throws IllegalArgumentException if {@code slots} is not positive
   * @throws UncheckedIOException if the file cannot be created or mapped
   */
  public static SharedMemory create(Path file, int slots) {
    Preconditions.checkArgument(slots > 0, "slots must be > 0, was %s", slots);
    try {
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.allocate(slots * Long.BYTES), 0);
      return new SharedMemory(file, channel, slots);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create shared memory in " + file, e);
    }
  }

  /**
   * Maps an existing region, as another process created it.
   *
   * @throws UncheckedIOException if the file is missing or cannot be mapped
   * @throws IllegalArgumentException if the file's size is not a positive multiple of 8
   */
  public static SharedMemory attach(Path file) {
    requireNonNull(file, "file");
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = channel.size();
      if (size <= 0 || size % Long.BYTES != 0 || size / Long.BYTES > Integer.MAX_VALUE) {
        channel.close();
        throw new IllegalArgumentException(file + " is " + size + " bytes: not a shared-memory region made by create()");
      }
      return new SharedMemory(file, channel, (int) (size / Long.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot attach shared memory " + file + " (was it created, and not unlinked?)", e);
    }
  }

  /** The backing file: hand its text to another process to {@link #attach} it. */
  public Path path() {
    return path;
  }

  /** The number of {@code long} slots. */
  public int slots() {
    return slots;
  }

  /** The cross-process lock that belongs to this region (lock number 0). */
  public SharedLock lock() {
    return lock;
  }

  /**
   * Another cross-process lock of this region, independent of {@link #lock()}, for code that needs several
   * (a queue's readers and writers). Every process asking for number {@code n} of the same file gets the same
   * lock.
   *
   * @throws IllegalArgumentException if {@code number} is negative or above 1000
   */
  public SharedLock lock(int number) {
    Preconditions.checkArgument(number >= 0 && number <= 1000, "lock number must be 0..1000, was %s", number);
    return number == 0 ? lock : new SharedLock(path, channel, number);
  }

  /** Reads slot {@code index} with volatile semantics. */
  public long get(int index) {
    return (long) LONGS.getVolatile(buffer, offset(index));
  }

  /** Writes slot {@code index} with volatile semantics. */
  public void set(int index, long value) {
    LONGS.setVolatile(buffer, offset(index), value);
  }

  /** Atomically adds {@code delta} to slot {@code index}; returns the previous value. */
  public long getAndAdd(int index, long delta) {
    return (long) LONGS.getAndAdd(buffer, offset(index), delta);
  }

  /** Atomically sets slot {@code index} to {@code update} if it holds {@code expected}; returns whether it did. */
  public boolean compareAndSet(int index, long expected, long update) {
    return LONGS.compareAndSet(buffer, offset(index), expected, update);
  }

  private int offset(int index) {
    Preconditions.checkElementIndex(index, slots, "slot");
    return index * Long.BYTES;
  }

  /** Removes the backing file; processes that mapped it keep their mapping. Idempotent. */
  public void unlink() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }

  /** Closes the file channel (and with it any file lock still held). The mapping stays valid until collected. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }

  @Override
  public String toString() {
    return "SharedMemory[" + path + ", " + slots + " slots]";
  }
}
