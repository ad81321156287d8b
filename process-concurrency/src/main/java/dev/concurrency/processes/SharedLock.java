package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A mutual-exclusion lock held by one thread of one process at a time, among every process that maps the same
 * {@link SharedMemory}: an operating-system file lock on the region's file, behind a lock shared by this
 * JVM's threads.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=sharedLock}
 *
 * <p>The lock is not reentrant (as Python's {@code multiprocessing.Lock}): locking it again from the thread that
 * holds it throws instead of deadlocking, and unlocking it from a thread that does not hold it throws. The
 * operating system releases the file lock if the holding process dies, so a crashed holder never blocks the
 * others for ever. A blocked {@link #lock()} polls the file lock with a back-off from 20 µs to 2 ms; it is not
 * interruptible (an interrupt would close the file channel), and keeps the interrupt status.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions before {@link #unlock()} in one process or
 * thread <i>happen-before</i> actions after a later {@link #lock()} in any process or thread, for data in the
 * {@link SharedMemory} region (the file lock's system calls are full barriers) and, within one JVM, for all data.
 *
 * <p><b>Python:</b> {@code multiprocessing.Lock}. Differences: it is tied to a shared-memory file instead of
 * being inherited by {@code fork}, and is found by any process that attaches the file.
 */
public final class SharedLock {

  private static final ConcurrentHashMap<String, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** Lock {@code n} locks byte {@code LOCK_BASE - n}, far past any region's end, so it never overlaps the data. */
  private static final long LOCK_BASE = Long.MAX_VALUE - 1;

  private final Path path;
  private final FileChannel channel;
  private final ReentrantLock threads;
  private final long position;

  @GuardedBy("threads")
  private @Nullable FileLock held;

  SharedLock(Path path, FileChannel channel, int number) {
    this.path = requireNonNull(path, "path");
    this.channel = requireNonNull(channel, "channel");
    this.position = LOCK_BASE - number;
    // One in-JVM lock per file and lock number: two FileChannels of one JVM may not both lock the same range.
    this.threads = IN_JVM.computeIfAbsent(path.toAbsolutePath().normalize() + "#" + number, key -> new ReentrantLock());
  }

  /**
   * Acquires the lock, waiting as long as it takes.
   *
   * @throws IllegalStateException if the calling thread already holds it
   * @throws UncheckedIOException if the file lock fails (the region was closed)
   */
  public void lock() {
    lockThreads();
    long backoff = MIN_BACKOFF_NANOS;
    while (!tryFileLock()) {
      LockSupport.parkNanos(backoff);
      backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
    }
  }

  /**
   * Acquires the lock if no thread of any process holds it.
   *
   * @return whether it was acquired
   * @throws IllegalStateException if the calling thread already holds it
   */
  public boolean tryLock() {
    Preconditions.checkState(!threads.isHeldByCurrentThread(), "this thread already holds the lock on %s; SharedLock is not reentrant", path);
    if (!threads.tryLock()) {
      return false;
    }
    if (tryFileLock()) {
      return true;
    }
    threads.unlock();
    return false;
  }

  /**
   * Releases the lock.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold it
   */
  public void unlock() {
    if (!threads.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("cannot unlock the lock on " + path + ": this thread does not hold it");
    }
    try {
      FileLock lock = held;
      held = null;
      if (lock != null) {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the file lock on " + path, e);
    } finally {
      threads.unlock();
    }
  }

  /** Whether the calling thread holds the lock. */
  public boolean isHeldByCurrentThread() {
    return threads.isHeldByCurrentThread();
  }

  private void lockThreads() {
    Preconditions.checkState(!threads.isHeldByCurrentThread(), "this thread already holds the lock on %s; SharedLock is not reentrant", path);
    threads.lock();
  }

  /** Tries the file lock, holding the in-JVM lock; releases the in-JVM lock if the attempt throws. */
  private boolean tryFileLock() {
    try {
      FileLock lock = channel.tryLock(position, 1, /* shared= */ false);
      held = lock;
      return lock != null;
    } catch (IOException e) {
      threads.unlock();
      throw new UncheckedIOException("cannot lock " + path, e);
    }
  }
}
