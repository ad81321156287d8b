package dev.concurrency.processes;

import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.RobustLock;
import java.io.Serial;

/**
 * A mutual-exclusion lock that works across processes: held by one thread of one process at a time.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=sharedLock}
 *
 * <p><b>Semantics.</b> The lock lives in a block of shared memory; the object is a handle: capture it in a task,
 * or send it over a {@link Connection} or a {@link ProcessQueue}, and the other process locks the same lock. It is
 * not reentrant: {@link #tryLock()} by the holder returns {@code false}, a timed {@code tryLock} by the holder
 * waits out its timeout, and {@link #lock()} by the holder throws {@link IllegalStateException} (in Python it
 * would deadlock). Only the holder may {@link #unlock()}. A waiter polls the shared memory (see the module
 * README: at most about a millisecond of latency once it has waited a while); there is no fairness.
 *
 * <p><b>A holder that dies.</b> The lock records its holder (pid, start time, thread). If the holder's process
 * dies (killed, crashed) or, within one JVM, its thread ends while holding the lock, the next thread that
 * tries to acquire it notices (within {@value #LIVENESS_CHECK_MILLIS} ms of waiting) and takes it over, as a
 * POSIX robust mutex does; {@link #ownerDied()} then tells the new holder that the data the lock guards may be
 * half updated. A dead holder never makes others wait for ever.
 *
 * <p><b>Memory.</b> The lock's memory returns to the heap when this object becomes unreachable in the process
 * that created it, if it was never sent to another process; once sent, it stays until the process tree's root
 * exits.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions in any process before
 * {@link #unlock()} <i>happen-before</i> actions after a later successful acquire in any process, for data in
 * shared memory; within one JVM, for all data.
 *
 * <p><b>Python:</b> {@code multiprocessing.Lock}: {@code acquire(block, timeout)} is {@link #lock()},
 * {@link #tryLock()} and {@link #tryLock(java.time.Duration)}; {@code release()} is {@link #unlock()}.
 * Differences: a holder that dies is detected (Python's lock, a semaphore, stays locked for ever); only the holder
 * may release it (Python lets any thread or process release a locked {@code Lock}), and releasing a lock one does
 * not hold throws {@link IllegalMonitorStateException} where Python raises {@code ValueError}.
 */
public final class SharedLock extends SharedMutex {

  @Serial private static final long serialVersionUID = 1L;

  /** How often, in milliseconds, a waiter checks that the holder is alive. */
  public static final long LIVENESS_CHECK_MILLIS = RobustLock.LIVENESS_CHECK_MILLIS;

  private SharedLock(HeapBlock state) {
    super(state);
  }

  /** {@return a new, unlocked lock in shared memory} */
  public static SharedLock create() {
    return new SharedLock(newState());
  }

  @Override
  boolean reentrant() {
    return false;
  }

  /**
   * As Python's: {@code <SharedLock(owner=...)>} with {@code None}, this process's name (and {@code |} and the
   * thread's name when the calling thread holds it and is not the main thread), {@code SomeOtherThread} or
   * {@code SomeOtherProcess}.
   */
  @Override
  public String toString() {
    return super.toString();
  }
}
