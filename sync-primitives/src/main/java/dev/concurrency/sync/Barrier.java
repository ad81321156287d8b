package dev.concurrency.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * A meeting point for a fixed number of threads: each {@link #await()} waits until {@link #parties()} threads
 * have arrived, then all go on, and the barrier is ready for the next round.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=barrier}
 *
 * <p>Python's semantics: the barrier <i>breaks</i> when a waiter times out, when a waiter is interrupted,
 * when the action throws, or on {@link #abort()}; every thread waiting then, and every later caller until
 * {@link #reset()}, gets a {@link BrokenBarrierException}. The thread that timed out gets it too (not a
 * {@code TimeoutException}, as {@code CyclicBarrier} would throw); the interrupted thread gets its
 * {@link InterruptedException}. The action runs in the last thread to arrive, before any thread goes on;
 * if it throws, that thread gets the exception and the others a broken barrier. {@link #reset()} breaks the
 * current round for any thread waiting in it and makes the barrier usable again.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions before {@code await()} in each thread <i>happen-before</i> the
 * action, which <i>happens-before</i> actions after the corresponding {@code await()} returns in every thread.
 *
 * <p><b>Python:</b> {@code threading.Barrier}; {@code wait()} is {@code await()} ({@link Object#wait()} is
 * final) and returns the same index (the first to arrive gets 0); {@code n_waiting} is
 * {@link #numberWaiting()}, {@code broken} is {@link #isBroken()}.
 */
public final class Barrier {

  /* Each round is a Generation; breaking or tripping replaces or marks it, so a woken waiter tells from its
   * own generation object whether its round completed (new generation) or broke (broken flag). */
  private static final class Generation {
    boolean broken;
  }

  private final int parties;
  private final @Nullable Runnable action;
  private final @Nullable Duration timeout;
  private final Mutex lock = Mutex.create();
  private final Condition tripped = lock.newCondition();

  // @GuardedBy("lock")
  private Generation generation = new Generation();

  // @GuardedBy("lock")
  private int arrived;

  private Barrier(Builder builder) {
    this.parties = builder.parties;
    this.action = builder.action;
    this.timeout = builder.timeout;
  }

  /**
   * A barrier for {@code parties} threads, with no action and no default timeout.
   *
   * @param parties the number of threads that must call {@code await()}, at least 1
   * @return the barrier
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public static Barrier create(int parties) {
    return builder(parties).build();
  }

  /**
   * A builder for a barrier of {@code parties} threads.
   *
    * @param parties the number of threads that must call {@code await()}, at least 1
    * @return the builder
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public static Builder builder(int parties) {
    return new Builder(parties);
  }

  /**
   * Waits for the other parties, for as long as the builder's default timeout (forever if none).
   *
   * @return this thread's arrival index, 0 for the first and {@code parties() - 1} for the last
   * @throws BrokenBarrierException if the barrier is or becomes broken, or the default timeout elapses
   * @throws InterruptedException if interrupted while waiting (the barrier breaks for the others)
   */
  public int await() throws InterruptedException, BrokenBarrierException {
    return timeout == null ? doAwait(false, 0) : doAwait(true, Durations.nanos(timeout));
  }

  /**
   * As {@link #await()}, waiting at most {@code timeout}; when it elapses the barrier breaks for everyone.
   *
    * @param timeout how long to wait at most
    * @return this thread's arrival index, 0 for the first and {@code parties() - 1} for the last
   * @throws IllegalArgumentException if {@code timeout} is negative
    * @throws InterruptedException if interrupted while waiting (the barrier breaks for the others)
    * @throws BrokenBarrierException if the barrier is or becomes broken, or the timeout elapses
   */
  public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
    return doAwait(true, Durations.nanos(timeout));
  }

  private int doAwait(boolean timed, long nanos) throws InterruptedException, BrokenBarrierException {
    lock.lock();
    try {
      Generation round = generation;
      if (round.broken) {
        throw new BrokenBarrierException("the barrier is broken; call reset() to use it again");
      }
      int index = arrived++;
      if (arrived == parties) {
        trip();
        return index;
      }
      long left = nanos;
      for (; ; ) {
        try {
          if (timed) {
            left = tripped.awaitNanos(left);
          } else {
            tripped.await();
          }
        } catch (InterruptedException interrupted) {
          if (round == generation && !round.broken) {
            breakRound();
            throw interrupted;
          }
          // The round already ended; keep the interrupt for later and report the round's outcome.
          Thread.currentThread().interrupt();
        }
        if (round.broken) {
          throw new BrokenBarrierException("the barrier broke while this thread waited");
        }
        if (round != generation) {
          return index;
        }
        if (timed && left <= 0) {
          breakRound();
          throw new BrokenBarrierException("timed out waiting at the barrier; it is now broken");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void trip() {
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException | Error failure) {
        breakRound();
        throw failure;
      }
    }
    arrived = 0;
    generation = new Generation();
    tripped.signalAll();
  }

  private void breakRound() {
    generation.broken = true;
    arrived = 0;
    tripped.signalAll();
  }

  /** Breaks the barrier: current and later waiters get {@link BrokenBarrierException} until {@link #reset()}. */
  public void abort() {
    lock.lock();
    try {
      breakRound();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the barrier to its initial state; threads waiting in the current round get a broken barrier. */
  public void reset() {
    lock.lock();
    try {
      if (arrived > 0) {
        breakRound();
      }
      arrived = 0;
      generation = new Generation();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the barrier is broken.
   *
   * @return whether it is broken
   */
  public boolean isBroken() {
    lock.lock();
    try {
      return generation.broken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many threads are waiting in the current round.
   *
   * @return the number of threads that have arrived in this round
   */
  public int numberWaiting() {
    lock.lock();
    try {
      return arrived;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of threads the barrier waits for.
   *
   * @return the number of parties
   */
  public int parties() {
    return parties;
  }

  /** The state, as Python shows it: {@code Barrier[waiters=2/3]} or {@code Barrier[broken]}. */
  @Override
  public String toString() {
    lock.lock();
    try {
      return generation.broken ? "Barrier[broken]" : "Barrier[waiters=" + arrived + "/" + parties + "]";
    } finally {
      lock.unlock();
    }
  }

  /** Configuration of a {@link Barrier}; not thread-safe. */
  public static final class Builder {

    private final int parties;
    private @Nullable Runnable action;
    private @Nullable Duration timeout;

    private Builder(int parties) {
      checkArgument(parties >= 1, "a barrier needs at least one party, got %s", parties);
      this.parties = parties;
    }

    /**
     * Runs {@code action} in the last thread to arrive, once per round, before any thread goes on.
     *
     * @param action the action, run in the arriving thread that completes the round
     * @return this builder
     */
    public Builder action(Runnable action) {
      this.action = requireNonNull(action, "action");
      return this;
    }

    /**
     * The timeout of {@link Barrier#await()}; by default it waits forever.
     *
     * @param timeout the timeout, not negative
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Durations.nanos(timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * The barrier.
     *
     * @return the barrier
     */
    public Barrier build() {
      return new Barrier(this);
    }
  }
}
