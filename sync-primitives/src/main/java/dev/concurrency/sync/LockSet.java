package dev.concurrency.sync;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Several locks held together, released together by {@link #close()}: what {@link LockOrdering#acquireAll}
 * and {@link Backoff#acquireAll} return.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=lockSet}
 *
 * <p>A set belongs to the thread that acquired it: {@code close()} from any other thread throws
 * {@link IllegalMonitorStateException} and changes nothing, so the owner can still close it. {@code close()}
 * releases in the reverse order of acquisition, once; later calls do nothing. If a release throws, the rest are
 * still released and the first failure is rethrown with the others suppressed.
 *
 * <p>This class is thread-safe: concurrent calls to {@code close()} release the locks once. Memory consistency
 * effects: those of each lock it holds (see the <a href="package-summary.html#MemoryVisibility">package
 * summary</a>); actions before {@code close()} happen-before a later acquisition of any of its locks.
 */
public final class LockSet implements AutoCloseable {

  private final List<Lock> locks;
  private final Thread owner = Thread.currentThread();
  private final AtomicBoolean open = new AtomicBoolean(true);

  LockSet(List<Lock> locks) {
    this.locks = List.copyOf(locks);
  }

  /**
   * The locks held, in the order they were taken.
   *
   * @return the locks, immutable
   */
  public List<Lock> locks() {
    return locks;
  }

  /**
   * The thread that acquired the locks, the only one that may close the set.
   *
   * @return the owner
   */
  public Thread owner() {
    return owner;
  }

  /**
   * Releases every lock, newest first; only the first call does anything.
   *
   * @throws IllegalMonitorStateException if the calling thread is not the one that acquired the locks; the set
   *     is left open, for its owner to close
   */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalMonitorStateException(
          "thread '"
              + Thread.currentThread().getName()
              + "' closed a LockSet acquired by thread '"
              + owner.getName()
              + "': close it in the thread that acquired it");
    }
    if (open.compareAndSet(true, false)) {
      releaseAll(locks);
    }
  }

  /** Releases {@code taken} newest first, releasing all even if one throws. */
  static void releaseAll(List<Lock> taken) {
    RuntimeException first = null;
    for (Lock lock : taken.reversed()) {
      try {
        lock.unlock();
      } catch (RuntimeException failure) {
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
