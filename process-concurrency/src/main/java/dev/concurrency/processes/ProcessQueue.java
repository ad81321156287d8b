package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.Frame;
import dev.concurrency.processes.internal.Frames;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A bounded first-in-first-out queue that any number of processes put into and take from: a named pipe carries
 * the items, a small {@link SharedMemory} region counts them and records {@link #close()}, and two
 * {@link SharedLock}s keep whole items together (one for writers, one for readers).
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=queue}
 *
 * <p>A handle is serializable: capture it in a task and the child attaches to the same queue. {@link #put}
 * waits for room up to its timeout, then throws {@link Full}; {@link #get} waits for an item up to its timeout,
 * then throws {@link Empty}; after {@link #close()} (from any process) {@code put} throws
 * {@link IllegalStateException} while {@code get} still drains what is there. Waiting polls the shared count
 * with a back-off from 20 µs to 1 ms. Items pass the deserialization allowlist (see {@link #create(int, String...)}).
 * {@link #unlink()} removes the files once no process needs them.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions in a process or thread
 * before {@code put} of an item <i>happen-before</i> the {@code get} that returns it, for the state serialized
 * into the item.
 *
 * <p><b>Python:</b> {@code multiprocessing.Queue(maxsize)} with {@code put(obj, timeout)}, {@code get(timeout)},
 * {@code queue.Full}, {@code queue.Empty}, {@code close()}. Differences: there is no feeder thread, so {@code put}
 * returns when the item is in the pipe; {@code put} after {@code close} throws {@code IllegalStateException}
 * where Python raises {@code ValueError}.
 */
public final class ProcessQueue implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** {@code put} found no room in time. */
  public static final class Full extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    Full(String message) {
      super(message);
    }
  }

  /** {@code get} found no item in time. */
  public static final class Empty extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    Empty(String message) {
      super(message);
    }
  }

  private static final int COUNT = 0;
  private static final int CLOSED = 1;
  private static final int WRITERS = 1;
  private static final int READERS = 2;
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String fifo;
  private final String state;
  private final int maxSize;
  private final String[] allow;

  private transient @Nullable Attached attached;

  private ProcessQueue(String fifo, String state, int maxSize, String[] allow) {
    this.fifo = fifo;
    this.state = state;
    this.maxSize = maxSize;
    this.allow = allow;
  }

  /**
   * Creates a queue holding at most {@code maxSize} items, decoding items through the default allowlist plus
   * {@code allow}.
   *
   * @throws IllegalArgumentException if {@code maxSize < 1}
   * @throws UncheckedIOException if the files cannot be made
   */
  public static ProcessQueue create(int maxSize, String... allow) {
    Preconditions.checkArgument(maxSize > 0, "maxSize must be > 0, was %s", maxSize);
    Path fifo = Pipe.fifo();
    SharedMemory memory = SharedMemory.create(2);
    memory.close();
    return new ProcessQueue(fifo.toString(), memory.path().toString(), maxSize, allow.clone());
  }

  /** The most items the queue holds. */
  public int maxSize() {
    return maxSize;
  }

  private static void checkTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    Preconditions.checkArgument(
        !timeout.isNegative(), "timeout must not be negative, was %s; use Duration.ZERO to try once", timeout);
  }

  /** How many items are in the queue now (a snapshot, as Python's {@code qsize}). */
  public int size() {
    return (int) attach().memory.get(COUNT);
  }

  /**
   * Puts one item, waiting for room up to {@code timeout}.
   *
   * @throws Full if there was no room in time
   * @throws IllegalStateException if the queue was closed
   * @throws IllegalArgumentException if the item cannot be serialized, or {@code timeout} is negative
   */
  public void put(Serializable item, Duration timeout) {
    checkTimeout(timeout);
    byte[] payload = Tasks.encodeValue(item, () -> "the item " + item);
    Attached queue = attach();
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoff = 20_000;
    while (true) {
      checkOpen(queue);
      long count = queue.memory.get(COUNT);
      if (count < maxSize && queue.memory.compareAndSet(COUNT, count, count + 1)) {
        break;
      }
      if (System.nanoTime() >= deadline) {
        throw new Full("the queue is full (" + maxSize + " items) and stayed full for " + timeout);
      }
      LockSupport.parkNanos(backoff);
      backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
    }
    SharedLock writers = queue.memory.lock(WRITERS);
    writers.lock();
    try {
      Frames.write(queue.out, new Frame(Frame.Kind.RESULT, 0, payload));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the queue's pipe " + fifo, e);
    } finally {
      writers.unlock();
    }
  }

  /**
   * Takes the oldest item, waiting for one up to {@code timeout}.
   *
   * @throws Empty if no item came in time
   * @throws UncheckedIOException if the pipe failed or an item could not be decoded
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public Object get(Duration timeout) {
    checkTimeout(timeout);
    Attached queue = attach();
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoff = 20_000;
    while (true) {
      long count = queue.memory.get(COUNT);
      if (count > 0 && queue.memory.compareAndSet(COUNT, count, count - 1)) {
        break;
      }
      if (System.nanoTime() >= deadline) {
        throw new Empty("no item arrived within " + timeout);
      }
      LockSupport.parkNanos(backoff);
      backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
    }
    SharedLock readers = queue.memory.lock(READERS);
    readers.lock();
    try {
      // The count was claimed: an item is in the pipe, or its writer is writing it now.
      Frame frame = Frames.read(queue.in, Frames.DEFAULT_MAX_PAYLOAD).orElseThrow();
      return queue.codec.decode(frame.payload());
    } catch (IOException | ClassNotFoundException e) {
      throw new UncheckedIOException("cannot read an item from the queue's pipe " + fifo, new IOException(e));
    } finally {
      readers.unlock();
    }
  }

  /** Closes the queue for every process: no more {@code put}s; {@code get} drains what is left. Idempotent. */
  public void close() {
    attach().memory.set(CLOSED, 1);
  }

  /** Whether some process closed the queue. */
  public boolean isClosed() {
    return attach().memory.get(CLOSED) != 0;
  }

  /** Removes the queue's files; processes attached keep working on what they opened. Idempotent. */
  public void unlink() {
    try {
      Files.deleteIfExists(Path.of(fifo));
      Files.deleteIfExists(Path.of(state));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the queue's files", e);
    }
  }

  private void checkOpen(Attached queue) {
    Preconditions.checkState(queue.memory.get(CLOSED) == 0, "the queue is closed and takes no more items");
  }

  private synchronized Attached attach() {
    Attached current = attached;
    if (current == null) {
      try {
        // Read-write opens of a FIFO never block (Linux), and keep the pipe alive while any process is attached.
        RandomAccessFile both = new RandomAccessFile(fifo, "rw");
        current =
            new Attached(
                SharedMemory.attach(Path.of(state)),
                new DataInputStream(new FileInputStream(both.getFD())),
                new DataOutputStream(new FileOutputStream(both.getFD())),
                Codec.allowing(List.of(allow), Frames.DEFAULT_MAX_PAYLOAD, 1000),
                both);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot attach the queue " + fifo + " (was it unlinked?)", e);
      }
      attached = current;
    }
    return current;
  }

  /** What this process opened of the queue. */
  private record Attached(
      SharedMemory memory, DataInputStream in, DataOutputStream out, Codec codec, RandomAccessFile file) {
    Attached {
      requireNonNull(memory, "memory");
    }
  }

  @Override
  public String toString() {
    return "ProcessQueue[maxSize=" + maxSize + ", " + fifo + "]";
  }
}
