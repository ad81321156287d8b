package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Backoff;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.RobustLock;
import dev.concurrency.processes.internal.Words;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * A counting semaphore that works across processes: a number of permits in shared memory that threads of any
 * process acquire and release.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedSemaphore}
 *
 * <p><b>Semantics.</b> {@code acquire} takes a permit, waiting (polling shared memory) while there is none;
 * {@code release} gives one back, from any thread of any process. A <em>bounded</em> semaphore refuses a release
 * that would take it above its initial number of permits. There is no fairness. A permit taken by a process that
 * then died is not given back: unlike a lock, a permit has no owner.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions before a {@code release}
 * <i>happen-before</i> actions after an {@code acquire} that takes that permit, in any process, for data in shared
 * memory.
 *
 * <p><b>Python:</b> {@code multiprocessing.Semaphore(value)} and {@code BoundedSemaphore(value)}:
 * {@code acquire(block, timeout)} is {@link #acquire()}, {@link #tryAcquire()}, {@link #tryAcquire(Duration)};
 * {@code get_value()} is {@link #availablePermits()}. Difference: a release past a bounded semaphore's bound
 * throws {@link IllegalStateException} where Python raises {@code ValueError}.
 */
public final class SharedSemaphore implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final int PERMITS = 0;
  private static final int BOUND = 1;

  /** The permits and the bound, in shared memory; the serialized form of the handle. */
  private final HeapBlock state;
  /** Whether releases are bounded by the initial permits. */
  private final boolean bounded;

  private SharedSemaphore(int permits, boolean bounded) {
    if (permits < 0) {
      throw new IllegalArgumentException("a semaphore's initial value must be >= 0, was " + permits);
    }
    this.bounded = bounded;
    this.state = HeapBlock.allocate(2 * Long.BYTES);
    words().set(BOUND, bounded ? permits : Long.MAX_VALUE);
    words().set(PERMITS, permits);
  }

  /**
   * A semaphore with {@code permits} permits, which releases may raise without limit.
   *
   * @param permits the initial number of permits
   * @return the semaphore, in shared memory
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static SharedSemaphore create(int permits) {
    return new SharedSemaphore(permits, false);
  }

  /**
   * A semaphore with {@code permits} permits that refuses to be released above them.
   *
   * @param permits the initial and largest number of permits
   * @return the semaphore, in shared memory
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static SharedSemaphore createBounded(int permits) {
    return new SharedSemaphore(permits, true);
  }

  private Words words() {
    return state.words(); // made once, by the block
  }

  /** {@return whether releases are bounded by the initial number of permits} */
  public boolean isBounded() {
    return bounded;
  }

  /**
   * Takes a permit, waiting as long as it takes.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void acquire() throws InterruptedException {
    if (!acquire(RobustLock.FOREVER, /* interruptible= */ true)) {
      throw new InterruptedException("interrupted while waiting for a permit");
    }
  }

  /** Takes a permit, waiting as long as it takes; an interrupt does not end the wait (it stays set). */
  public void acquireUninterruptibly() {
    acquire(RobustLock.FOREVER, /* interruptible= */ false);
  }

  /**
   * Takes a permit if one is free now.
   *
   * @return whether a permit was taken
   */
  public boolean tryAcquire() {
    return acquire(System.nanoTime(), /* interruptible= */ false);
  }

  /**
   * Takes a permit, waiting up to {@code timeout} (a negative one is zero).
   *
   * @param timeout how long to wait at most
   * @return whether a permit was taken
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    long deadline = Deadline.after(requireNonNull(timeout, "timeout"));
    boolean taken = acquire(deadline, /* interruptible= */ true);
    if (!taken && !Deadline.passed(deadline)) {
      throw new InterruptedException("interrupted while waiting for a permit");
    }
    return taken;
  }

  /** Takes a permit before {@code deadline}; false if the deadline passed, or (if interruptible) an interrupt came. */
  private boolean acquire(long deadline, boolean interruptible) {
    Words shared = words();
    Backoff backoff = new Backoff();
    while (true) {
      long permits = shared.get(PERMITS);
      if (permits > 0) {
        if (shared.compareAndSet(PERMITS, permits, permits - 1)) {
          return true;
        }
        continue;
      }
      if (Deadline.passed(deadline) || interruptible && Thread.interrupted()) {
        return false;
      }
      backoff.pause(deadline);
    }
  }

  /**
   * Gives a permit back.
   *
   * @throws IllegalStateException if the semaphore is bounded and already has all its permits ("released too
   *     many times")
   */
  public void release() {
    Words shared = words();
    long bound = shared.get(BOUND);
    while (true) {
      long permits = shared.get(PERMITS);
      if (permits >= bound) {
        throw new IllegalStateException("semaphore or lock released too many times: this bounded semaphore already"
            + " has its " + bound + " permits");
      }
      if (shared.compareAndSet(PERMITS, permits, permits + 1)) {
        return;
      }
    }
  }

  /** {@return how many permits are free now (a snapshot)} */
  public int availablePermits() {
    return (int) Math.min(Integer.MAX_VALUE, words().get(PERMITS));
  }

  @Override
  public String toString() {
    return "<" + (bounded ? "SharedBoundedSemaphore" : "SharedSemaphore") + "(value=" + availablePermits()
        + (bounded ? ", maxvalue=" + words().get(BOUND) : "") + ")>";
  }
}
