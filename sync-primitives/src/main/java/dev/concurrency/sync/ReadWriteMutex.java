package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Conditions;
import dev.concurrency.sync.internal.LockNode;
import dev.concurrency.sync.internal.ReadWriteNode;
import dev.concurrency.sync.internal.ReadWriteSync;
import dev.concurrency.sync.internal.Tracking;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A pair of locks over one resource: many threads may hold the read lock at once, while the write lock is
 * exclusive. Both are reentrant.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=readWriteMutex}
 *
 * <p>The semantics are {@code ReentrantReadWriteLock}'s. A writer waits until nobody reads or writes; a reader
 * until nobody else writes. {@link Fairness#FAIR}: threads are served in arrival order, a group of readers
 * together. {@link Fairness#BARGING} (the default): an arriving writer takes a free lock at once, an arriving
 * reader too unless the first thread in the queue waits to write. The untimed {@code tryLock()}s barge in both
 * modes. A thread that reads or writes may take more read holds at once whatever the queue holds, and the
 * writer may take the read lock and then release the write lock: <i>downgrading</i>, the way to publish an
 * update and keep reading it. Each lock allows 65,535 holds. Only the write lock has conditions. Blocking
 * acquisitions end when granted, when the timeout elapses (timed forms, returning {@code false}), or when the
 * thread is interrupted ({@link InterruptedException}, nothing taken), except {@code lock()}.
 *
 * <p>One difference from {@code ReentrantReadWriteLock}: <i>upgrading</i>, asking for the write lock while
 * holding only read holds, would wait forever there (the writer waits for every reader, itself included);
 * here the blocking forms throw {@link IllegalStateException} at once, as {@link Mutex} does for a re-entry,
 * and the untimed {@code tryLock()} returns false, as there.
 *
 * <p>From a {@link DeadlockDetector} or a {@link LockOrdering}, the two locks are one lock to the lock-order
 * graph (taking either while holding {@code B} records {@code B ->} this lock, as Guava's cycle detector
 * does), and one resource to the wait-for graph, where a writer waits for every holder and a reader for a
 * writer, or for a writer first in the queue.
 *
 * <p>This class is thread-safe. Memory consistency effects: an unlock of either lock <i>happens-before</i> a
 * later lock of the write lock, and an unlock of the write lock <i>happens-before</i> a later lock of the read
 * lock (see the <a href="package-summary.html#MemoryVisibility">package summary</a>); two readers establish
 * nothing between themselves.
 *
 * <p><b>Python:</b> none in {@code threading}; the usual substitute is a {@code Condition} and a reader count.
 * <b>JDK:</b> {@link java.util.concurrent.locks.ReentrantReadWriteLock}, whose protected monitoring methods
 * ({@code getOwner}, {@code getQueuedThreads}, ...) are public here.
 */
public final class ReadWriteMutex implements ReadWriteLock, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  // Never serialized: the lock travels as its SerializedLock form (writeReplace).
  private final transient ReadWriteSync sync;
  private final transient @Nullable ReadWriteNode node;
  private final transient String name;
  private final transient ReadLock readLock = new ReadLock();
  private final transient WriteLock writeLock = new WriteLock();

  ReadWriteMutex(Fairness fairness, @Nullable Tracking tracking) {
    this.sync = new ReadWriteSync(requireNonNull(fairness, "fairness").isFair());
    this.node = tracking == null ? null : tracking.readWrite(sync);
    this.name = LockNode.nameOf(node, this);
  }

  /**
   * A barging read-write lock.
   *
   * @return the read-write lock
   */
  public static ReadWriteMutex create() {
    return new ReadWriteMutex(Fairness.BARGING, null);
  }

  /**
   * A read-write lock with the given fairness.
   *
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the read-write lock
   */
  public static ReadWriteMutex create(Fairness fairness) {
    return new ReadWriteMutex(fairness, null);
  }

  /** The read lock: shared among readers. */
  @Override
  public ReadLock readLock() {
    return readLock;
  }

  /** The write lock: exclusive. */
  @Override
  public WriteLock writeLock() {
    return writeLock;
  }

  /**
   * Whether the lock is fair.
   *
   * @return whether the lock is fair
   */
  public boolean isFair() {
    return sync.isFair();
  }

  /**
   * The thread that holds the write lock, or null; for monitoring, may be stale once read.
   *
   * @return the writer, or null
   */
  public @Nullable Thread getOwner() {
    return sync.owner();
  }

  /**
   * The read holds of all threads together; for monitoring.
   *
   * @return the read holds of all threads
   */
  public int getReadLockCount() {
    return sync.readHolds();
  }

  /**
   * Whether some thread holds the write lock; for monitoring.
   *
   * @return whether the write lock is held
   */
  public boolean isWriteLocked() {
    return sync.writeHolds() != 0;
  }

  /**
   * Whether the calling thread holds the write lock.
   *
   * @return whether the calling thread holds the write lock
   */
  public boolean isWriteLockedByCurrentThread() {
    return sync.myWriteHolds() != 0;
  }

  /**
   * How many times the calling thread holds the write lock: 0 if it does not.
   *
   * @return the calling thread's write holds
   */
  public int getWriteHoldCount() {
    return sync.myWriteHolds();
  }

  /**
   * How many times the calling thread holds the read lock: 0 if it does not.
   *
   * @return the calling thread's read holds
   */
  public int getReadHoldCount() {
    return sync.myReadHolds();
  }

  /**
   * Whether any thread is waiting for either lock; for monitoring.
   *
   * @return whether some thread waits
   */
  public boolean hasQueuedThreads() {
    return sync.hasQueuedThreads();
  }

  /**
   * Whether {@code thread} is waiting for either lock; for monitoring.
   *
    * @param thread the thread asked about
    * @return whether {@code thread} waits
   * @throws NullPointerException if {@code thread} is null
   */
  public boolean hasQueuedThread(Thread thread) {
    return sync.isQueued(requireNonNull(thread, "thread"));
  }

  /**
   * An estimate of how many threads wait for either lock.
   *
   * @return the number of waiting threads, an estimate
   */
  public int getQueueLength() {
    return sync.getQueueLength();
  }

  /**
   * The threads that may be waiting for either lock, best effort, in no particular order.
   *
   * @return the waiting threads
   */
  public Collection<Thread> getQueuedThreads() {
    return sync.getQueuedThreads();
  }

  /**
   * The threads that may be waiting for the write lock, best effort.
   *
   * @return the threads waiting to write
   */
  public Collection<Thread> getQueuedWriterThreads() {
    return sync.queuedWriters();
  }

  /**
   * The threads that may be waiting for the read lock, best effort.
   *
   * @return the threads waiting to read
   */
  public Collection<Thread> getQueuedReaderThreads() {
    return sync.queuedReaders();
  }

  /**
   * Whether any thread waits on {@code condition}, a condition of the write lock, which the calling thread
   * must hold.
   *
    * @param condition a condition made by the write lock's {@code newCondition()}
    * @return whether some thread waits on it
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
   */
  public boolean hasWaiters(Condition condition) {
    return sync.hasWaiters(Conditions.of(condition, sync));
  }

  /**
   * An estimate of how many threads wait on {@code condition}; the same checks as {@link #hasWaiters}.
   *
    * @param condition a condition made by the write lock's {@code newCondition()}
    * @return the number of waiting threads, an estimate
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
   */
  public int getWaitQueueLength(Condition condition) {
    return sync.getWaitQueueLength(Conditions.of(condition, sync));
  }

  /**
   * The threads that may be waiting on {@code condition}, best effort; the same checks as {@link #hasWaiters}.
   *
    * @param condition a condition made by the write lock's {@code newCondition()}
    * @return the waiting threads
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if {@code condition} is not one of this lock's
   * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
   */
  public Collection<Thread> getWaitingThreads(Condition condition) {
    return sync.getWaitingThreads(Conditions.of(condition, sync));
  }

  /**
   * The lock's name: the one given to a detector or ordering, or the class name and identity.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /** The name and both counts, as {@code ReentrantReadWriteLock} shows them. */
  @Override
  public String toString() {
    return name + "[Write locks = " + sync.writeHolds() + ", Read locks = " + sync.readHolds() + "]";
  }

  boolean isTracked() {
    return node != null;
  }

  @Nullable LockNode node() {
    return node;
  }

  /**
   * Serializes the lock as {@code ReentrantReadWriteLock} does: what comes back is a new, unlocked lock with
   * the same fairness.
   *
    * @return the serialized form
   * @throws java.io.NotSerializableException if a detector or ordering made the lock: its graphs do not travel
   */
  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return SerializedLock.of(this);
  }

  /**
   * Refuses a stream that holds the lock itself rather than its serialized form: such a stream was not written
   * by this class.
   *
   * @param in the stream
   * @throws InvalidObjectException always
   */
  @Serial
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a lock is read through its serialized form");
  }

  private void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + name);
    }
  }

  /**
   * The read lock of a {@link ReadWriteMutex}: shared, reentrant, without conditions. Thread-safe; see the
   * enclosing class for the semantics.
   */
  public final class ReadLock implements Lock {

    private ReadLock() {}

    ReadWriteMutex pair() {
      return ReadWriteMutex.this;
    }

    /** Whether this acquisition adds to holds the thread has (reading or writing): it never waits. */
    private boolean reentrant() {
      return sync.myReadHolds() > 0 || sync.myWriteHolds() > 0;
    }

    /**
     * Takes a read hold, waiting while another thread writes; interrupts are remembered, not obeyed.
     *
     * @throws PotentialDeadlockException if a detector with policy THROW sees a lock-order cycle
     * @throws LockOrderException if a {@link LockOrdering}'s rank order is violated
     * @throws DeadlockException if the wait-for graph finds that waiting would deadlock
     */
    @Override
    public void lock() {
      ReadWriteNode tracked = node;
      if (tracked == null || reentrant()) {
        sync.acquireShared(1);
      } else {
        tracked.acquireUninterruptibly(1, sync, ReadWriteSync::attemptRead, s -> s.acquireShared(1));
      }
    }

    /**
     * As {@link #lock()}, unless interrupted.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
      ReadWriteNode tracked = node;
      if (tracked == null || reentrant()) {
        sync.acquireSharedInterruptibly(1);
        return;
      }
      checkInterrupt();
      tracked.acquire(
          1,
          /* timed= */ false,
          sync::attemptRead,
          () -> {
            sync.acquireSharedInterruptibly(1);
            return true;
          });
    }

    /** Takes a read hold if nobody else writes, even past waiting writers and even when fair; never waits. */
    @Override
    public boolean tryLock() {
      if (!sync.bargeRead()) {
        return false;
      }
      ReadWriteNode tracked = node;
      if (tracked != null && sync.myReadHolds() == 1 && sync.myWriteHolds() == 0) {
        tracked.acquiredWithoutBlocking(1);
      }
      return true;
    }

    /**
     * Takes a read hold if one can be had within the wait, honouring the policy; a wait of zero or less does
     * not wait.
     *
     * @return true if taken, false if the time ran out first
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      long nanos = requireNonNull(unit, "unit").toNanos(time);
      ReadWriteNode tracked = node;
      if (tracked == null || reentrant()) {
        return sync.tryAcquireSharedNanos(1, nanos);
      }
      checkInterrupt();
      return tracked.acquire(
          1, /* timed= */ true, sync::attemptRead, () -> sync.tryAcquireSharedNanos(1, nanos));
    }

    /**
     * Gives back one read hold.
     *
     * @throws IllegalMonitorStateException if the calling thread holds no read hold
     */
    @Override
    public void unlock() {
      ReadWriteNode tracked = node;
      if (tracked != null && sync.myReadHolds() == 1 && sync.myWriteHolds() == 0) {
        tracked.releaseRead(sync, (lock, units) -> lock.releaseShared(units));
      } else {
        sync.releaseShared(1);
      }
    }

    /**
     * Unsupported: readers share the lock, and a condition wait needs one owner to give it back to.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
      throw new UnsupportedOperationException(
          "the read lock has no conditions: wait on a condition of the write lock");
    }

    /** The lock's name and its read holds: {@code [Read locks = 2]}. */
    @Override
    public String toString() {
      return name + ".readLock[Read locks = " + sync.readHolds() + "]";
    }
  }

  /**
   * The write lock of a {@link ReadWriteMutex}: exclusive, reentrant, with conditions. Thread-safe; see the
   * enclosing class for the semantics.
   */
  public final class WriteLock implements Lock {

    private WriteLock() {}

    ReadWriteMutex pair() {
      return ReadWriteMutex.this;
    }

    private void refuseUpgrade() {
      if (sync.myWriteHolds() == 0 && sync.myReadHolds() > 0) {
        throw new IllegalStateException(
            "thread '"
                + Thread.currentThread().getName()
                + "' holds the read lock of "
                + name
                + " and asks for its write lock: upgrading would wait forever for its own read hold;"
                + " release the read lock first, or take the write lock and downgrade");
      }
    }

    /**
     * Takes the write lock, waiting until nobody else reads or writes; interrupts are remembered, not obeyed.
     *
     * @throws IllegalStateException if the calling thread holds the read lock but not the write lock
     * @throws PotentialDeadlockException if a detector with policy THROW sees a lock-order cycle
     * @throws LockOrderException if a {@link LockOrdering}'s rank order is violated
     * @throws DeadlockException if the wait-for graph finds that waiting would deadlock
     */
    @Override
    public void lock() {
      ReadWriteNode tracked = node;
      if (tracked == null && sync.attemptWrite()) {
        return;
      }
      refuseUpgrade();
      if (tracked == null || sync.myWriteHolds() > 0) {
        sync.writeLock();
      } else {
        tracked.acquireUninterruptibly(
            ReadWriteNode.WRITE, sync, ReadWriteSync::attemptWrite, ReadWriteSync::writeLock);
      }
    }

    /**
     * As {@link #lock()}, unless interrupted.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
      refuseUpgrade();
      ReadWriteNode tracked = node;
      if (tracked == null || sync.myWriteHolds() > 0) {
        sync.writeLockInterruptibly();
        return;
      }
      checkInterrupt();
      tracked.acquire(
          ReadWriteNode.WRITE,
          /* timed= */ false,
          sync::attemptWrite,
          () -> {
            sync.writeLockInterruptibly();
            return true;
          });
    }

    /** Takes the write lock if nobody else holds either lock, even when fair; never waits. */
    @Override
    public boolean tryLock() {
      if (!sync.bargeWrite()) {
        return false;
      }
      ReadWriteNode tracked = node;
      if (tracked != null && sync.myWriteHolds() == 1) {
        tracked.acquiredWithoutBlocking(ReadWriteNode.WRITE);
      }
      return true;
    }

    /**
     * Takes the write lock if it can be had within the wait, honouring fairness; a wait of zero or less does
     * not wait.
     *
     * @return true if taken, false if the time ran out first
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     * @throws IllegalStateException if the calling thread holds the read lock but not the write lock
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      long nanos = requireNonNull(unit, "unit").toNanos(time);
      refuseUpgrade();
      ReadWriteNode tracked = node;
      if (tracked == null || sync.myWriteHolds() > 0) {
        return sync.tryWriteNanos(nanos);
      }
      checkInterrupt();
      return tracked.acquire(
          ReadWriteNode.WRITE, /* timed= */ true, sync::attemptWrite, () -> sync.tryWriteNanos(nanos));
    }

    /**
     * Gives back one write hold.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the write lock
     */
    @Override
    public void unlock() {
      ReadWriteNode tracked = node;
      if (tracked != null && sync.myWriteHolds() == 1) {
        tracked.releaseWrite(sync, sync.myReadHolds() > 0, (lock, units) -> lock.release(units));
      } else {
        sync.release(1);
      }
    }

    /**
     * A new condition of the write lock, with the semantics of {@code ReentrantLock}'s conditions: awaiting
     * releases every write hold and re-takes them before returning.
     */
    @Override
    public Condition newCondition() {
      return sync.newCondition();
    }

    /**
     * Whether the calling thread holds the write lock.
     *
     * @return whether the calling thread holds the write lock
     */
    public boolean isHeldByCurrentThread() {
      return sync.myWriteHolds() != 0;
    }

    /**
     * How many times the calling thread holds the write lock: 0 if it does not.
     *
     * @return the calling thread's write holds
     */
    public int getHoldCount() {
      return sync.myWriteHolds();
    }

    /** The lock's name and state: {@code [Unlocked]} or {@code [Locked by thread t]}. */
    @Override
    public String toString() {
      Thread owner = sync.owner();
      return name
          + ".writeLock"
          + (owner == null ? "[Unlocked]" : "[Locked by thread " + owner.getName() + "]");
    }
  }
}
