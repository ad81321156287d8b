package dev.concurrency.sync.internal;

/**
 * The node of a read-write lock: one resource for both locks, as in Guava's cycle detector, so that
 * {@code read A, lock B} and {@code lock B, write A} close a cycle.
 *
 * <p>For the wait-for graph the lock has {@link #WRITE} units: a writer takes them all, a reader one, so a
 * writer waits for every holder and a reader only for a writer. A thread that holds the write lock and then the
 * read lock (downgrading) holds one entry: all units while it writes, one once it only reads.
 *
 * <p>Thread-safe; see {@link SharedNode} for the monitor.
 */
public final class ReadWriteNode extends SharedNode {

  /** The units a writer takes: more than any number of readers. */
  public static final long WRITE = 1L << 32;

  ReadWriteNode(Tracking tracking, ReadWriteSync sync) {
    super(tracking, sync, sync.isFair());
  }

  /**
   * Forgets the calling thread's last write hold, then runs {@code op}; a thread that still holds read locks
   * (it downgraded) keeps one unit.
   */
  public <S> void releaseWrite(S sync, boolean keepsReading, Release<S> op) {
    releaseOwn(keepsReading ? WRITE - 1 : WRITE, sync, 1, op);
  }

  /** Forgets the calling thread's last read hold, then runs {@code op}. */
  public <S> void releaseRead(S sync, Release<S> op) {
    releaseOwn(1, sync, 1, op);
  }

  @Override
  long capacity() {
    return WRITE;
  }

  // A barging reader does not overtake a writer first in the queue (it would starve writers), as in
  // ReentrantReadWriteLock; otherwise as for every lock.
  @Override
  boolean servedAfterFirst(long units, long firstUnits, boolean queued) {
    return super.servedAfterFirst(units, firstUnits, queued) || (units < WRITE && firstUnits == WRITE);
  }
}
