package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.ConditionCore;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.RobustLock;
import dev.concurrency.processes.internal.WaiterTable;
import dev.concurrency.processes.internal.Words;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.jspecify.annotations.Nullable;

/**
 * A barrier that works across processes: a fixed number of parties, threads of any processes, wait until all
 * of them have arrived, then all go on together; then it can be used again.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedBarrier}
 *
 * <p><b>Semantics</b> (those of Python's {@code threading.Barrier}). {@link #await()} returns a distinct arrival
 * index, {@code 0} to {@code parties - 1}, once the last party arrives; that last party first runs the barrier's
 * action, if it has one. The barrier is <em>broken</em>, and every waiter gets a {@link BrokenBarrierException},
 * when a wait times out (the barrier's default timeout or the call's), when a waiting thread is interrupted, when
 * the action throws (that exception goes to the party that ran it), or on {@link #abort()}; it stays broken, and
 * every later {@code await} fails at once, until {@link #reset()}. {@code reset} while parties wait breaks their
 * wait and leaves the barrier usable. The state is in shared memory; waiters poll it.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions of each party before its
 * {@code await} <i>happen-before</i> the action and the return of every party's {@code await}, for data in shared
 * memory.
 *
 * <p><b>Python:</b> {@code multiprocessing.Barrier(parties, action, timeout)}: {@code wait(timeout)} is
 * {@link #await(Duration)}, {@code reset}, {@code abort}, {@code parties}, {@code n_waiting}
 * ({@link #numberWaiting()}), {@code broken} ({@link #isBroken()}); {@code BrokenBarrierError} is
 * {@link BrokenBarrierException}. Difference: the action is a {@link SerializableRunnable} and runs in the process
 * of the last party; at most {@link Builder#maxWaiters} threads wait at once.
 */
public final class SharedBarrier implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final int LOCK = 0;
  private static final int STATE = RobustLock.WORDS;
  private static final int COUNT = RobustLock.WORDS + 1;
  private static final int TABLE = RobustLock.WORDS + 2;

  private static final long FILLING = 0;
  private static final long DRAINING = 1;
  private static final long RESETTING = -1;
  private static final long BROKEN = -2;

  /** How many parties a pass takes. */
  private final int parties;
  /** What the last party runs before a pass, or null. */
  private final @Nullable SerializableRunnable action;
  /** A wait's timeout when the call gives none, or null. */
  private final @Nullable Duration timeout;
  /** How many threads may wait at once. */
  private final int maxWaiters;
  /** The lock, state, count and waiters, in shared memory. */
  private final HeapBlock state;
  private transient volatile @Nullable Parts parts;

  /** The views of the shared state, made once per process. */
  private record Parts(Words words, RobustLock lock, ConditionCore condition) {}

  private SharedBarrier(Builder builder) {
    this.parties = builder.parties;
    this.action = builder.action;
    this.timeout = builder.timeout;
    this.maxWaiters = builder.maxWaiters != 0 ? builder.maxWaiters : Math.max(64, 2 * parties);
    this.state = HeapBlock.allocate((TABLE + WaiterTable.words(maxWaiters)) * Long.BYTES);
  }

  /**
   * A barrier for {@code parties} parties, without action or default timeout.
   *
   * @param parties how many parties a pass takes
   * @return the barrier, in shared memory
   * @throws IllegalArgumentException if {@code parties} is below 1
   */
  public static SharedBarrier create(int parties) {
    return builder(parties).build();
  }

  /**
   * A barrier for {@code parties} parties whose last arrival runs {@code action} (may be null), and whose waits
   * time out after {@code timeout} unless the call gives another (null: no default timeout).
   *
   * @param parties how many parties a pass takes
   * @param action what the last party runs before a pass, or null
   * @param timeout a wait's timeout when the call gives none, or null
   * @return the barrier, in shared memory
   * @throws IllegalArgumentException if {@code parties} is below 1
   */
  public static SharedBarrier create(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return builder(parties).action(action).timeout(timeout).build();
  }

  /**
   * {@return a builder for a barrier of {@code parties} parties}
   *
   * @param parties how many parties a pass takes
   */
  public static Builder builder(int parties) {
    return new Builder(parties);
  }

  /** Settings of a barrier; not thread-safe. */
  public static final class Builder {
    private final int parties;
    private @Nullable SerializableRunnable action;
    private @Nullable Duration timeout;
    private int maxWaiters;

    private Builder(int parties) {
      if (parties < 1) {
        throw new IllegalArgumentException("parties must be >= 1, was " + parties);
      }
      this.parties = parties;
    }
    /**
     * What the last party to arrive runs before all go on (none by default).
     *
     * @param action the action, or null
     * @return this builder
     */
    public Builder action(@Nullable SerializableRunnable action) {
      this.action = action;
      return this;
    }
    /**
     * How long a wait lasts when the call gives no timeout (none by default).
     *
     * @param timeout the default timeout, or null
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * How many threads may wait at once, counting those that arrive while the barrier drains or resets
     * (default: twice the parties, at least 64).
     *
     * @param maxWaiters how many threads may wait at once
     * @return this builder
     * @throws IllegalArgumentException if it is below the number of parties
     */
    public Builder maxWaiters(int maxWaiters) {
      if (maxWaiters < parties) {
        throw new IllegalArgumentException("maxWaiters must be >= parties (" + parties + "), was " + maxWaiters);
      }
      this.maxWaiters = maxWaiters;
      return this;
    }

    /**
     * Makes the barrier in shared memory.
     *
     * @return the barrier
     */
    public SharedBarrier build() {
      return new SharedBarrier(this);
    }
  }

  private Parts parts() {
    Parts made = parts;
    if (made == null) {
      Words words = state.words();
      RobustLock lock = new RobustLock(state.words(LOCK, RobustLock.WORDS), /* reentrant= */ false);
      WaiterTable table = new WaiterTable(state.words(TABLE, WaiterTable.words(maxWaiters)),
          maxWaiters, "SharedBarrier.builder(parties).maxWaiters(...)");
      made = new Parts(words, lock, new ConditionCore(lock, table));
      parts = made;
    }
    return made;
  }

  /** {@return the number of parties} */
  public int parties() {
    return parties;
  }

  /**
   * Waits for the other parties, as long as the barrier's default timeout (if any).
   *
   * @return this party's arrival index, {@code 0} to {@code parties - 1}
   * @throws BrokenBarrierException if the barrier is or gets broken, or the timeout passes (which breaks it)
   * @throws InterruptedException if interrupted while waiting (which breaks the barrier)
   */
  public int await() throws BrokenBarrierException, InterruptedException {
    return await(timeout == null ? RobustLock.FOREVER : Deadline.after(timeout), timeout);
  }

  /**
   * Waits for the other parties, at most {@code timeout} (a negative one is zero).
   *
   * @param timeout how long to wait at most
   * @return this party's arrival index, {@code 0} to {@code parties - 1}
   * @throws BrokenBarrierException if the barrier is or gets broken, or the timeout passes (which breaks it)
   * @throws InterruptedException if interrupted while waiting (which breaks the barrier)
   */
  public int await(Duration timeout) throws BrokenBarrierException, InterruptedException {
    return await(Deadline.after(requireNonNull(timeout, "timeout")), timeout);
  }

  private int await(long deadline, @Nullable Duration timeout) throws BrokenBarrierException, InterruptedException {
    Parts shared = parts();
    shared.lock().acquireUninterruptibly();
    try {
      awaitFilling(shared);
      int index = (int) shared.words().get(COUNT);
      shared.words().set(COUNT, index + 1);
      try {
        if (index + 1 == parties) {
          release(shared);
        } else {
          awaitRelease(shared, deadline, timeout);
        }
        return index;
      } finally {
        shared.words().set(COUNT, shared.words().get(COUNT) - 1);
        leave(shared);
      }
    } finally {
      shared.lock().release();
    }
  }

  /** Waits while the barrier drains or resets; fails if it is broken. Holds the lock. */
  private void awaitFilling(Parts shared) throws BrokenBarrierException {
    long now;
    while ((now = shared.words().get(STATE)) == DRAINING || now == RESETTING) {
      shared.condition().await(RobustLock.FOREVER, /* interruptible= */ false);
    }
    if (now == BROKEN) {
      throw new BrokenBarrierException("the barrier is broken; reset() it to use it again");
    }
  }

  /** The last party: runs the action, then lets everyone go. Holds the lock. */
  private void release(Parts shared) {
    try {
      if (action != null) {
        action.run();
      }
      shared.words().set(STATE, DRAINING);
      shared.condition().signal(Integer.MAX_VALUE);
    } catch (RuntimeException | Error e) {
      breakBarrier(shared);
      throw e;
    }
  }

  /** Waits until the last party lets everyone go. Holds the lock. */
  private void awaitRelease(Parts shared, long deadline, @Nullable Duration timeout)
      throws BrokenBarrierException, InterruptedException {
    while (shared.words().get(STATE) == FILLING) {
      WaiterTable.Outcome outcome = shared.condition().await(deadline, /* interruptible= */ true);
      if (outcome == WaiterTable.Outcome.INTERRUPTED) {
        breakBarrier(shared);
        throw new InterruptedException("interrupted while waiting at a shared barrier (now broken)");
      }
      if (outcome == WaiterTable.Outcome.TIMED_OUT && shared.words().get(STATE) == FILLING) {
        breakBarrier(shared);
        throw new BrokenBarrierException("the wait timed out after " + timeout + "; the barrier is broken");
      }
    }
    if (shared.words().get(STATE) < 0) {
      throw new BrokenBarrierException("the barrier was broken or reset while this party waited");
    }
  }

  /** The last waiter out of a draining or resetting barrier makes it usable again. Holds the lock. */
  private void leave(Parts shared) {
    long now = shared.words().get(STATE);
    if (shared.words().get(COUNT) == 0 && (now == RESETTING || now == DRAINING)) {
      shared.words().set(STATE, FILLING);
      shared.condition().signal(Integer.MAX_VALUE);
    }
  }

  private static void breakBarrier(Parts shared) {
    shared.words().set(STATE, BROKEN);
    shared.condition().signal(Integer.MAX_VALUE);
  }

  /**
   * Returns the barrier to its empty, unbroken state; parties waiting now get a {@link BrokenBarrierException}.
   */
  public void reset() {
    Parts shared = parts();
    shared.lock().acquireUninterruptibly();
    try {
      long now = shared.words().get(STATE);
      if (shared.words().get(COUNT) > 0) {
        if (now == FILLING || now == BROKEN) {
          shared.words().set(STATE, RESETTING); // the waiters fail; the last one out makes it filling again
        }
      } else {
        shared.words().set(STATE, FILLING);
      }
      shared.condition().signal(Integer.MAX_VALUE);
    } finally {
      shared.lock().release();
    }
  }

  /** Breaks the barrier: waiting and later parties get a {@link BrokenBarrierException} until {@link #reset()}. */
  public void abort() {
    Parts shared = parts();
    shared.lock().acquireUninterruptibly();
    try {
      breakBarrier(shared);
    } finally {
      shared.lock().release();
    }
  }

  /** {@return how many parties wait now (0 while the barrier drains, resets or is broken)} */
  public int numberWaiting() {
    Words words = parts().words();
    return words.get(STATE) == FILLING ? (int) words.get(COUNT) : 0;
  }

  /** {@return whether the barrier is broken} */
  public boolean isBroken() {
    return parts().words().get(STATE) == BROKEN;
  }

  @Override
  public String toString() {
    return "<SharedBarrier(parties=" + parties + ", waiting=" + numberWaiting() + (isBroken() ? ", broken)>" : ")>");
  }
}
