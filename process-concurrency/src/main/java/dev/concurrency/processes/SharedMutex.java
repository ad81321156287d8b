package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.Liveness;
import dev.concurrency.processes.internal.ProcessNames;
import dev.concurrency.processes.internal.RobustLock;
import dev.concurrency.processes.internal.ThreadKeys;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SharedLock} and {@link SharedRLock} share: a {@link RobustLock} in a block of shared memory, the
 * {@link Lock} methods over it, and the handle that travels to other processes. See {@link SharedLock} for the
 * contract.
 */
abstract sealed class SharedMutex implements Lock, Serializable permits SharedLock, SharedRLock {

  @Serial private static final long serialVersionUID = 1L;

  private final HeapBlock state;
  private transient volatile @Nullable RobustLock lock;

  SharedMutex(HeapBlock state) {
    this.state = requireNonNull(state, "state");
  }

  static HeapBlock newState() {
    return HeapBlock.allocate(RobustLock.WORDS * Long.BYTES);
  }

  abstract boolean reentrant();

  final RobustLock robust() {
    RobustLock made = lock;
    if (made == null) {
      made = new RobustLock(state.words(), reentrant());
      lock = made;
    }
    return made;
  }

  /**
   * Acquires the lock, waiting as long as it takes; an interrupt does not end the wait.
   *
   * @throws IllegalStateException if this is a {@link SharedLock} the calling thread already holds (it would
   *     wait for ever)
   */
  @Override
  public void lock() {
    robust().acquireUninterruptibly();
  }

  /**
   * Acquires the lock unless interrupted, waiting as long as it takes.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public void lockInterruptibly() throws InterruptedException {
    robust().acquire(RobustLock.FOREVER, /* interruptible= */ true);
  }

  /** Acquires the lock if it is free now, or held by a thread that died. */
  @Override
  public boolean tryLock() {
    try {
      return robust().acquire(System.nanoTime(), /* interruptible= */ false);
    } catch (InterruptedException e) {
      throw new IllegalStateException("an uninterruptible attempt was interrupted", e);
    }
  }

  /**
   * Acquires the lock, waiting up to {@code timeout} (a negative one is zero).
   *
   * @param timeout how long to wait at most
   * @return whether it was acquired
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean tryLock(Duration timeout) throws InterruptedException {
    return robust().acquire(Deadline.after(requireNonNull(timeout, "timeout")), /* interruptible= */ true);
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return tryLock(Duration.of(time, unit.toChronoUnit()));
  }

  /**
   * Releases the lock (one hold of a {@link SharedRLock}).
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold it
   */
  @Override
  public void unlock() {
    robust().release();
  }

  /** A condition variable bound to this lock, usable across processes: {@link SharedCondition#create(SharedMutex)}. */
  @Override
  public SharedCondition newCondition() {
    return SharedCondition.create(this);
  }

  /** {@return whether the calling thread holds the lock} */
  public boolean isHeldByCurrentThread() {
    return robust().isHeldByCurrentThread();
  }

  /** {@return whether some thread of some process holds the lock now (a snapshot); Python's {@code locked()}} */
  public boolean isLocked() {
    return robust().isLocked();
  }

  /**
   * Whether the calling thread holds the lock and took it over from a holder that died holding it (its process
   * was killed, or, in this JVM, its thread ended). The data the lock guards may then be half updated: check or
   * repair it before relying on it. Reset when the lock is released.
   *
   * @return whether this holder took the lock over from a dead one
   */
  public boolean ownerDied() {
    return robust().recoveredFromDeadHolder();
  }

  @Override
  public final boolean equals(Object other) {
    return other instanceof SharedMutex that && getClass() == that.getClass() && state.equals(that.state);
  }

  @Override
  public final int hashCode() {
    return state.hashCode();
  }

  /**
   * Who holds the lock, as Python's {@code repr} says it: {@code None}; this process's name
   * ({@code MainProcess}, or a child's name), followed by {@code |} and the thread's name when the calling thread
   * holds it and is not the main thread; {@code SomeOtherThread} for another thread of this process;
   * {@code SomeOtherProcess}.
   */
  final String holderName() {
    long holder = robust().holderWord();
    if (holder == 0) {
      return "None";
    }
    if (holder == ThreadKeys.currentHolder()) {
      String thread = Thread.currentThread().getName();
      return ProcessNames.current() + ("main".equals(thread) ? "" : "|" + thread);
    }
    return ThreadKeys.pidOf(holder) == Liveness.SELF_PID ? "SomeOtherThread" : "SomeOtherProcess";
  }

  @Override
  public String toString() {
    return "<" + getClass().getSimpleName() + "(owner=" + holderName() + ")>";
  }
}
