package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Backoff;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.QueueRing;
import dev.concurrency.processes.internal.RobustLock;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A first-in-first-out queue that any number of processes put into and take from.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=queue}
 *
 * <p><b>Semantics.</b> {@link #put} adds an item, waiting while the queue holds {@link #maxSize()} items (an
 * unbounded queue never waits for that) and throwing {@link Full} when its timeout passes first; {@link #get}
 * takes the oldest item, waiting while there is none and throwing {@link Empty} when its timeout passes first.
 * Items from one thread come out in the order it put them. An item is serialized when it is put and deserialized
 * through an allowlist filter when it is taken (see {@link Builder#allow}); it comes out equal, never half.
 * {@link #close()} closes this handle in this process: its methods then throw
 * {@link IllegalStateException}; other processes' handles are not affected. {@link #qsize()}, {@link #empty()}
 * and {@link #full()} are snapshots.
 *
 * <p><b>How it works.</b> The queue is a segment of shared memory: two locks (writers, readers), counters, and a
 * ring buffer of {@link Builder#bufferSize} bytes. A put copies the item into the ring and then publishes it by
 * moving the tail; items larger than a quarter of the ring, or that do not fit the ring's free space, go to a
 * file beside it and the ring holds the file's name, so the ring bounds only how many unread items wait, not
 * their size. A waiting {@code put} or {@code get} polls the shared memory (20 µs to 1 ms apart). There is no
 * feeder thread: {@code put} returns when the item is in the queue.
 *
 * <p><b>Faults.</b> A writer killed in the middle of a put never published its item: readers do not see half an
 * item, a bounded {@code get} ends with {@link Empty} in time, and the next writer takes over the dead writer's
 * lock (see {@link SharedLock}). A reader killed in the middle of a get had not consumed the item: the next reader
 * gets it.
 *
 * <p><b>As a handle.</b> A queue is serializable: capture it in a task, or send it, and the other process attaches
 * the same queue. {@link #unlink()} removes the queue's files once no process needs to attach it any more;
 * otherwise they go when the queue becomes unreachable in the process that made it (if it was never sent to
 * another process), or when the root of the process tree exits.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions in a thread before it puts an
 * item <i>happen-before</i> the {@code get} that returns that item, in any process, for the state serialized into
 * the item.
 *
 * <p><b>Python:</b> {@code multiprocessing.Queue(maxsize)}: {@code put(obj, block, timeout)} is
 * {@link #put(Serializable)}, {@link #put(Serializable, Duration)}, {@link #putNowait}; {@code get(block, timeout)}
 * is {@link #get()}, {@link #get(Duration)}, {@link #getNowait()}; {@code qsize}, {@code empty}, {@code full},
 * {@code close}; {@code queue.Full} and {@code queue.Empty} are {@link Full} and {@link Empty}. Differences: no
 * feeder thread, so {@code join_thread} and {@code cancel_join_thread} have nothing to do and do not exist, and an
 * item that cannot be serialized fails its {@code put} at once (Python's feeder thread prints the error and drops
 * the item); {@code put} and {@code get} after {@code close} throw {@link IllegalStateException} where Python
 * raises {@code ValueError}, and so do {@code qsize}, {@code empty} and {@code full} (Python's {@code empty} of a
 * closed queue raises {@code OSError}, except on a {@code Queue} never used before); waits can be
 * interrupted ({@link InterruptedException}); the ring's size bounds how many unread items wait
 * ({@link Builder#bufferSize}).
 */
public sealed class ProcessQueue implements Serializable permits JoinableProcessQueue {

  @Serial private static final long serialVersionUID = 2L;

  /** The default size of the ring buffer, in bytes. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private static final Cleaner CLEANER = Cleaner.create();

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

  /**
   * The queue was {@linkplain #shutdown(boolean) shut down}: no more puts, and no more gets once it is empty.
   * Python: {@code queue.ShutDown}.
   */
  public static final class ShutDown extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    ShutDown(String message) {
      super(message);
    }
  }

  /** The name of the segment that holds the ring, by which a copy attaches it. */
  private final String name;
  /** The most items the queue holds; 0 or less for no limit. */
  private final int maxSize;
  /** The ring buffer's size in bytes. */
  private final int bufferSize;
  /** The extra deserialization allowlist patterns for items. */
  private final String[] allow;
  /** Whether this is a joinable queue. */
  private final boolean joinable;

  private transient volatile @Nullable QueueRing ring;
  private transient volatile @Nullable Codec codec;
  private transient volatile boolean closed;
  /** Set when this handle is serialized; shared with the cleaning action. Null in a copy. */
  private final transient @Nullable AtomicBoolean escaped;

  ProcessQueue(Builder builder, boolean joinable) {
    Codec.allowing(builder.allow, 1, 1); // checks the patterns here, not in the process that first gets an item
    QueueRing made = QueueRing.create(builder.bufferSize);
    this.ring = made;
    this.name = made.name();
    this.maxSize = builder.maxSize;
    this.bufferSize = builder.bufferSize;
    this.allow = builder.allow.toArray(String[]::new);
    this.joinable = joinable;
    this.escaped = new AtomicBoolean();
    CLEANER.register(this, new UnlinkUnlessSent(name, escaped));
  }

  /** Removes a queue that became unreachable in its creator and was never sent: nobody else can know it. */
  private record UnlinkUnlessSent(String name, AtomicBoolean escaped) implements Runnable {
    @Override
    public void run() {
      if (!escaped.get()) {
        QueueRing.unlink(name);
      }
    }
  }

  /** {@return an unbounded queue with the default allowlist} */
  public static ProcessQueue create() {
    return builder().create();
  }

  /**
   * A queue holding at most {@code maxSize} items ({@code 0} or less: unbounded, as in Python), decoding items
   * through the default allowlist plus {@code allow}.
   *
   * @param maxSize the most items; 0 or less for no limit
   * @param allow extra allowlist patterns for the items' classes
   * @return the queue
   * @throws IllegalArgumentException if a pattern is malformed
   * @throws UncheckedIOException if the shared memory cannot be made
   */
  public static ProcessQueue create(int maxSize, String... allow) {
    return builder().maxSize(maxSize).allow(allow).create();
  }

  /** {@return a builder for a queue with settings other than the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a queue; not thread-safe. */
  public static final class Builder {
    private int maxSize;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private final List<String> allow = new ArrayList<>();

    Builder() {}
    /**
     * The most items the queue holds; {@code 0} or less (the default) for no limit, as in Python.
     *
     * @param maxSize the most items
     * @return this builder
     */
    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    /**
     * The ring buffer's size in bytes ({@link #DEFAULT_BUFFER_SIZE} by default), a multiple of 8 from 64: how
     * many bytes of unread items the ring holds (an item that does not fit waits in a file, and the ring holds
     * its name: a put waits, and may throw {@link Full}, only when even that does not fit).
     *
     * @param bytes the ring buffer's size
     * @return this builder
     * @throws IllegalArgumentException if it is below 64 or not a multiple of 8
     */
    public Builder bufferSize(int bytes) {
      if (bytes < 64 || bytes % 8 != 0) {
        throw new IllegalArgumentException("bufferSize must be a multiple of 8 from 64, was " + bytes);
      }
      this.bufferSize = bytes;
      return this;
    }

    /**
     * Adds deserialization allowlist patterns for the items, such as {@code com.example.**}; the JDK's value
     * types and {@code dev.concurrency.**} are always allowed.
     *
     * @param patterns allowlist patterns, as {@link java.io.ObjectInputFilter} takes them
     * @return this builder
     */
    public Builder allow(String... patterns) {
      for (String pattern : patterns) {
        allow.add(requireNonNull(pattern, "pattern"));
      }
      return this;
    }

    /**
     * Makes the queue.
     *
     * @return the queue
     * @throws IllegalArgumentException if a pattern is malformed
     * @throws UncheckedIOException if the shared memory cannot be made
     */
    public ProcessQueue create() {
      return new ProcessQueue(this, false);
    }

    /**
     * Makes a joinable queue (see {@link JoinableProcessQueue}).
     *
     * @return the queue
     */
    public JoinableProcessQueue createJoinable() {
      return new JoinableProcessQueue(this);
    }
  }

  /** {@return the most items the queue holds; {@code 0} or less for no limit} */
  public int maxSize() {
    return maxSize;
  }

  private long limit() {
    return maxSize <= 0 ? Long.MAX_VALUE : maxSize;
  }

  /**
   * Puts an item, waiting as long as it takes for room.
   *
   * @param item the item; {@code null} is an item too
   * @throws IllegalStateException if this handle is closed
   * @throws IllegalArgumentException if the item cannot be serialized
   * @throws InterruptedException if interrupted while waiting; the item was not put
   */
  public void put(@Nullable Serializable item) throws InterruptedException {
    put(item, RobustLock.FOREVER, null);
  }

  /**
   * Puts an item, waiting up to {@code timeout} for room.
   *
   * @param item the item; {@code null} is an item too
   * @param timeout how long to wait for room
   * @throws Full if there was no room in time
   * @throws IllegalStateException if this handle is closed
   * @throws IllegalArgumentException if the item cannot be serialized, or {@code timeout} is negative
   * @throws InterruptedException if interrupted while waiting; the item was not put
   */
  public void put(@Nullable Serializable item, Duration timeout) throws InterruptedException {
    put(item, Deadline.after(checkTimeout(timeout)), timeout);
  }

  /**
   * Puts an item if there is room now.
   *
   * @param item the item; {@code null} is an item too
   * @throws Full if there is no room
   * @throws IllegalStateException if this handle is closed
   * @throws IllegalArgumentException if the item cannot be serialized
   */
  public void putNowait(@Nullable Serializable item) {
    try {
      put(item, System.nanoTime(), Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Full("interrupted before the item could be put");
    }
  }

  private void put(@Nullable Serializable item, long deadline, @Nullable Duration timeout) throws InterruptedException {
    checkOpen();
    byte[] payload = Tasks.encodeMessage(item, () -> "the item " + item);
    QueueRing shared = ring();
    if (!shared.writers().acquire(deadline, /* interruptible= */ true)) {
      throw full(timeout, "other processes were putting items");
    }
    try {
      Backoff backoff = new Backoff();
      checkNotShutDown(shared);
      while (shared.count() >= limit()) {
        waitOrFail(deadline, backoff, () -> full(timeout, "it holds maxSize (" + maxSize + ") items"));
        checkNotShutDown(shared);
      }
      boolean spilled = !shared.fitsInline(payload.length);
      byte[] record = spilled ? shared.spill(payload) : payload;
      try {
        while (!shared.fits(record.length)) {
          waitOrFail(deadline, backoff, () -> full(timeout, "its buffer of bufferSize (" + bufferSize + ") bytes is"
              + " full of unread items; raise ProcessQueue.builder().bufferSize(...)"));
          checkNotShutDown(shared);
        }
      } catch (Full | ShutDown | InterruptedException e) {
        if (spilled) {
          shared.discardSpill(record);
        }
        throw e;
      }
      if (joinable) {
        shared.addUnfinished(1);
      }
      shared.publish(record, spilled);
    } finally {
      shared.writers().release();
    }
  }

  private interface Failure<E extends RuntimeException> {
    E make();
  }

  private static <E extends RuntimeException> void waitOrFail(long deadline, Backoff backoff, Failure<E> failure)
      throws InterruptedException {
    if (Deadline.passed(deadline)) {
      throw failure.make();
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting on a process queue");
    }
    backoff.pause(deadline);
  }

  private static Full full(@Nullable Duration timeout, String why) {
    return new Full("the queue had no room" + (timeout == null ? "" : " within " + timeout) + ": " + why);
  }

  /**
   * Takes the oldest item, waiting as long as it takes for one.
   *
   * @return the item
   * @throws IllegalStateException if this handle is closed
   * @throws UncheckedIOException if the item could not be decoded (its class is not on the allowlist, say); the
   *     item is consumed
   * @throws InterruptedException if interrupted while waiting; nothing was taken
   */
  public @Nullable Object get() throws InterruptedException {
    return get(RobustLock.FOREVER, null);
  }

  /**
   * Takes the oldest item, waiting up to {@code timeout} for one.
   *
   * @param timeout how long to wait for an item
   * @return the item
   * @throws Empty if no item came in time
   * @throws IllegalStateException if this handle is closed
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws UncheckedIOException if the item could not be decoded; the item is consumed
   * @throws InterruptedException if interrupted while waiting; nothing was taken
   */
  public @Nullable Object get(Duration timeout) throws InterruptedException {
    return get(Deadline.after(checkTimeout(timeout)), timeout);
  }

  /**
   * Takes the oldest item if there is one now.
   *
   * @return the item
   * @throws Empty if there is none
   * @throws IllegalStateException if this handle is closed
   * @throws UncheckedIOException if the item could not be decoded; the item is consumed
   */
  public @Nullable Object getNowait() {
    try {
      return get(System.nanoTime(), Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Empty("interrupted before an item could be taken");
    }
  }

  private @Nullable Object get(long deadline, @Nullable Duration timeout) throws InterruptedException {
    checkOpen();
    QueueRing shared = ring();
    if (!shared.readers().acquire(deadline, /* interruptible= */ true)) {
      throw empty(timeout);
    }
    byte[] payload;
    try {
      Backoff backoff = new Backoff();
      while (!shared.hasRecord()) {
        if (shared.shutdown() != 0) {
          throw new ShutDown("the queue was shut down and is empty");
        }
        waitOrFail(deadline, backoff, () -> empty(timeout));
      }
      payload = shared.take();
    } finally {
      shared.readers().release();
    }
    try {
      return codec().decode(payload);
    } catch (IOException | ClassNotFoundException e) {
      throw new UncheckedIOException("cannot decode an item taken from the queue: " + e,
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static Empty empty(@Nullable Duration timeout) {
    return new Empty("no item" + (timeout == null ? "" : " arrived within " + timeout));
  }

  private static Duration checkTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "timeout must not be negative, was " + timeout + "; use Duration.ZERO (or putNowait/getNowait) to try once");
    }
    return timeout;
  }

  /**
   * How many items are in the queue now (a snapshot).
   *
   * @return the number of items
   * @throws IllegalStateException if this handle is closed
   */
  public int qsize() {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, ring().count());
  }

  /**
   * Whether the queue holds no item now (a snapshot).
   *
   * @return whether it is empty
   * @throws IllegalStateException if this handle is closed
   */
  public boolean empty() {
    checkOpen();
    return ring().count() == 0;
  }

  /**
   * Whether the queue holds {@link #maxSize()} items now (a snapshot); never for an unbounded queue.
   *
   * @return whether it is full
   * @throws IllegalStateException if this handle is closed
   */
  public boolean full() {
    checkOpen();
    return ring().count() >= limit();
  }

  private static void checkNotShutDown(QueueRing shared) {
    if (shared.shutdown() != 0) {
      throw new ShutDown("the queue was shut down: it takes no more items");
    }
  }

  /**
   * Shuts the queue down, for every process: {@code put} throws {@link ShutDown} from now on (also a put that
   * waits now). Without {@code immediate}, the items in the queue can still be taken, and {@code get} throws
   * {@code ShutDown} once it is empty; with it, the items are removed at once (for a joinable queue, each counts
   * as a task done), and {@code get} throws {@code ShutDown}. Idempotent; an immediate shutdown may follow a
   * plain one.
   *
   * @param immediate whether to drop the items in the queue too
   * @throws IllegalStateException if this handle is closed
   */
  public void shutdown(boolean immediate) {
    checkOpen();
    QueueRing shared = ring();
    if (!immediate) {
      shared.shutdown(1);
      return;
    }
    shared.writers().acquireUninterruptibly(); // no put is half done while the queue empties
    try {
      shared.shutdown(2);
      shared.readers().acquireUninterruptibly();
      try {
        int drained = 0;
        while (shared.hasRecord()) {
          shared.take();
          drained++;
        }
        if (joinable) {
          markDone(shared, drained);
        }
      } finally {
        shared.readers().release();
      }
    } finally {
      shared.writers().release();
    }
  }

  /** Counts {@code tasks} unfinished tasks as done, never below zero. */
  private static void markDone(QueueRing shared, long tasks) {
    while (true) {
      long unfinished = shared.unfinished();
      long left = Math.max(0, unfinished - tasks);
      if (shared.compareAndSetUnfinished(unfinished, left)) {
        return;
      }
    }
  }

  /** {@return whether some process shut the queue down} */
  public boolean isShutDown() {
    return ring().shutdown() != 0;
  }

  /** Closes this handle: everything but {@link #unlink()} throws from now on. Other handles go on. Idempotent. */
  public void close() {
    closed = true;
  }

  /** {@return whether this handle was closed} */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Removes the queue's shared memory and files: no process can attach it any more; processes that attached keep
   * working on their mapping, but items waiting in files are gone. Idempotent.
   */
  public void unlink() {
    QueueRing.unlink(name);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Queue " + this + " is closed");
    }
  }

  QueueRing ring() {
    QueueRing attached = ring;
    if (attached == null) {
      attached = QueueRing.attach(name);
      ring = attached;
    }
    return attached;
  }

  private Codec codec() {
    Codec made = codec;
    if (made == null) {
      made = Codec.allowing(List.of(allow), Integer.MAX_VALUE, 1000);
      codec = made;
    }
    return made;
  }

  /**
   * Writes the settings and the segment's name, and marks the queue as shared with other processes.
   *
   * @param out the stream
   * @throws IOException if the stream fails
   */
  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    AtomicBoolean flag = escaped;
    if (flag != null) {
      flag.set(true); // another process may attach the queue from now on: no longer ours alone to remove
    }
    out.defaultWriteObject();
  }

  @Override
  public String toString() {
    return "<" + getClass().getSimpleName() + "(maxSize=" + maxSize + ", " + name + ")>";
  }
}
