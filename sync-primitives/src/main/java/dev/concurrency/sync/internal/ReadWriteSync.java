package dev.concurrency.sync.internal;

import java.io.Serial;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * The synchronizer behind the read-write lock: the low 16 bits of the state count the write holds (one
 * writer, reentrant), the high 16 bits the read holds of all readers; each thread counts its own read holds.
 *
 * <p>The policy is {@code ReentrantReadWriteLock}'s. A writer waits until nobody reads or writes; a reader until
 * nobody else writes. Fair: every arrival queues behind the threads already waiting. Barging: a writer takes a
 * free lock at once; a reader too, unless the first thread in the queue waits to write (otherwise a stream of
 * readers could starve writers). Whatever the policy, a thread that already reads, or that writes, gets more
 * read holds at once, since making it wait could deadlock it on itself; the holder of the write lock may take
 * the read lock and then release the write lock (downgrading).
 *
 * <p>Thread-safe. Memory consistency effects: those of {@link AbstractQueuedSynchronizer}: a release
 * happens-before every acquire that observes its state change.
 */
public final class ReadWriteSync extends AbstractQueuedSynchronizer {

  @Serial private static final long serialVersionUID = 1L;

  private static final int SHIFT = 16;
  private static final int READ_UNIT = 1 << SHIFT;
  /** The most holds of either kind, each counted in 16 bits. */
  public static final int MAX_HOLDS = (1 << SHIFT) - 1;

  private final boolean fair;

  /** One thread's read holds. */
  private static final class ReadHolds {
    final Thread thread = Thread.currentThread();
    int count;
  }

  /** The calling thread's read holds, removed at zero, so that idle threads keep nothing. */
  @SuppressWarnings("serial") // never serialized: the locks serialize through a proxy
  private final transient ThreadLocal<ReadHolds> readHolds = ThreadLocal.withInitial(ReadHolds::new);

  /** The last reader's holds, which spare it the thread-local lookup (ReentrantReadWriteLock's cache). */
  @SuppressWarnings("serial") // never serialized: the locks serialize through a proxy
  private transient @Nullable ReadHolds lastReader;

  /*
   * The reader that took the read count from 0 to 1 keeps its holds in these two fields instead of the
   * thread-local (ReentrantReadWriteLock's firstReader): the lone reader, the common case, then never touches
   * the thread-local map, whose set and remove cost several times the CAS. Plain fields, read by every reader
   * in a data race that is benign: only the first reader writes them (itself in, then null out), so another
   * thread can read any value but never itself, and the first reader always reads its own last write. The
   * same holds for lastReader: another thread may read any reader's object, but recognises it by its final
   * thread field, and counts are only ever touched by their own thread.
   */
  @SuppressWarnings("serial") // never serialized: the locks serialize through a proxy
  private transient @Nullable Thread firstReader;

  private transient int firstReaderHolds;

  /** Threads waiting to write, so that a barging reader can tell whether the first one queued is a writer. */
  @SuppressWarnings("serial") // never serialized: the locks serialize through a proxy
  private final transient Set<Thread> queuedWriters = ConcurrentHashMap.newKeySet();

  /** A free lock. */
  public ReadWriteSync(boolean fair) {
    this.fair = fair;
  }

  private static int readers(int state) {
    return state >>> SHIFT;
  }

  private static int writes(int state) {
    return state & MAX_HOLDS;
  }

  // ---- write side (exclusive mode)

  @Override
  protected boolean tryAcquire(int holds) {
    return takeWrite(holds, fair);
  }

  /** Takes the write lock now if possible, ignoring fairness (as {@code WriteLock.tryLock()} does). */
  public boolean bargeWrite() {
    return takeWrite(1, false);
  }

  /** Takes the write lock now if possible and fairness allows; does not queue. */
  public boolean attemptWrite() {
    return takeWrite(1, fair);
  }

  private boolean takeWrite(int holds, boolean queueFirst) {
    Thread me = Thread.currentThread();
    int c = getState();
    if (c != 0) {
      if (writes(c) == 0 || getExclusiveOwnerThread() != me) {
        return false;
      }
      if (writes(c) + holds > MAX_HOLDS) {
        throw new IllegalStateException("maximum write hold count (" + MAX_HOLDS + ") exceeded");
      }
      setState(c + holds);
      return true;
    }
    if ((queueFirst && hasQueuedPredecessors()) || !compareAndSetState(0, holds)) {
      return false;
    }
    setExclusiveOwnerThread(me);
    return true;
  }

  /** Takes the write lock, queueing uninterruptibly as long as needed. */
  public void writeLock() {
    if (!tryAcquire(1)) {
      queueToWrite();
      try {
        acquire(1);
      } finally {
        unqueueToWrite();
      }
    }
  }

  /** Takes the write lock, queueing until granted or interrupted. */
  public void writeLockInterruptibly() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (tryAcquire(1)) {
      return;
    }
    queueToWrite();
    try {
      acquireInterruptibly(1);
    } finally {
      unqueueToWrite();
    }
  }

  /** Takes the write lock, queueing until granted, interrupted or {@code nanos} have passed. */
  public boolean tryWriteNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (tryAcquire(1)) {
      return true;
    }
    if (nanos <= 0) {
      return false;
    }
    queueToWrite();
    try {
      return tryAcquireNanos(1, nanos);
    } finally {
      unqueueToWrite();
    }
  }

  private void queueToWrite() {
    if (!fair) {
      queuedWriters.add(Thread.currentThread());
    }
  }

  private void unqueueToWrite() {
    if (!fair) {
      queuedWriters.remove(Thread.currentThread());
    }
  }

  @Override
  protected boolean tryRelease(int holds) {
    if (getExclusiveOwnerThread() != Thread.currentThread()) {
      throw new IllegalMonitorStateException(
          "thread '"
              + Thread.currentThread().getName()
              + "' released a write lock it does not hold: only the writer may release it");
    }
    int next = getState() - holds;
    boolean free = writes(next) == 0;
    if (free) {
      setExclusiveOwnerThread(null);
    }
    setState(next);
    return free;
  }

  @Override
  protected boolean isHeldExclusively() {
    return getExclusiveOwnerThread() == Thread.currentThread();
  }

  // ---- read side (shared mode)

  @Override
  protected int tryAcquireShared(int unused) {
    return takeRead(true) ? 1 : -1;
  }

  /** Takes a read hold now if possible, ignoring the queue (as {@code ReadLock.tryLock()} does). */
  public boolean bargeRead() {
    return takeRead(false);
  }

  /** Takes a read hold now if possible and the policy allows; does not queue. */
  public boolean attemptRead() {
    return takeRead(true);
  }

  private boolean takeRead(boolean policy) {
    Thread me = Thread.currentThread();
    for (; ; ) {
      int c = getState();
      if (writes(c) != 0) {
        if (getExclusiveOwnerThread() != me) {
          return false;
        }
      } else if (policy && readerShouldWait(me) && myReadHolds() == 0) {
        return false; // only a thread that reads already may pass the queue
      }
      if (readers(c) == MAX_HOLDS) {
        throw new IllegalStateException("maximum read hold count (" + MAX_HOLDS + ") exceeded");
      }
      if (compareAndSetState(c, c + READ_UNIT)) {
        countReadHold(me, readers(c) == 0);
        return true;
      }
    }
  }

  private void countReadHold(Thread me, boolean first) {
    if (first) {
      firstReader = me;
      firstReaderHolds = 1;
    } else if (firstReader == me) {
      firstReaderHolds++;
    } else {
      ReadHolds mine = myHolds(me);
      if (mine.count == 0) {
        readHolds.set(mine); // a cached object that was removed at zero is the thread's again
      }
      mine.count++;
    }
  }

  private ReadHolds myHolds(Thread me) {
    ReadHolds cached = lastReader;
    if (cached == null || cached.thread != me) {
      cached = readHolds.get();
      lastReader = cached;
    }
    return cached;
  }

  private boolean readerShouldWait(Thread me) {
    if (fair) {
      return hasQueuedPredecessors();
    }
    Thread first = getFirstQueuedThread();
    return first != null && first != me && queuedWriters.contains(first);
  }

  @Override
  protected boolean tryReleaseShared(int unused) {
    Thread me = Thread.currentThread();
    if (firstReader == me) {
      if (--firstReaderHolds == 0) {
        firstReader = null;
      }
    } else {
      ReadHolds mine = myHolds(me);
      if (mine.count <= 1) {
        readHolds.remove();
        if (mine.count == 0) {
          throw new IllegalMonitorStateException(
              "thread '"
                  + me.getName()
                  + "' released a read lock it does not hold: release only what this thread took");
        }
      }
      mine.count--;
    }
    for (; ; ) {
      int c = getState();
      int next = c - READ_UNIT;
      if (compareAndSetState(c, next)) {
        return next == 0;
      }
    }
  }

  // ---- monitoring

  /** Whether the lock is fair. */
  public boolean isFair() {
    return fair;
  }

  /** The writer, or null. */
  public @Nullable Thread owner() {
    return writes(getState()) == 0 ? null : getExclusiveOwnerThread();
  }

  /** The read holds of all threads. */
  public int readHolds() {
    return readers(getState());
  }

  /** The write holds (of the writer). */
  public int writeHolds() {
    return writes(getState());
  }

  /** The calling thread's read holds. */
  public int myReadHolds() {
    Thread me = Thread.currentThread();
    if (firstReader == me) {
      return firstReaderHolds;
    }
    ReadHolds cached = lastReader;
    if (cached != null && cached.thread == me) {
      return cached.count;
    }
    ReadHolds mine = readHolds.get();
    if (mine.count == 0) {
      readHolds.remove(); // asking keeps nothing
    }
    return mine.count;
  }

  /** The calling thread's write holds. */
  public int myWriteHolds() {
    return isHeldExclusively() ? writes(getState()) : 0;
  }

  /** Threads waiting to write, best effort. */
  public Collection<Thread> queuedWriters() {
    return getExclusiveQueuedThreads();
  }

  /** Threads waiting to read, best effort. */
  public Collection<Thread> queuedReaders() {
    return getSharedQueuedThreads();
  }

  /** A new condition of the write lock. */
  public Condition newCondition() {
    return new ConditionObject();
  }
}
