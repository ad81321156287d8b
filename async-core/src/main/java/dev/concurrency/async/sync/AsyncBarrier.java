package dev.concurrency.async.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A meeting point for a fixed number of tasks: each {@link #await()} suspends until {@code parties} tasks
 * have arrived, then all of them go on together, and the barrier is ready for the next round.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=barrier}
 *
 * <p><b>Semantics.</b> A round <em>fills</em> until the last party arrives, then <em>drains</em>: every party
 * returns its arrival index, {@code 0} to {@code parties - 1}. Tasks that arrive while a round drains wait for
 * the next round. {@link #abort()} breaks the barrier for good: waiting and future {@code await()} calls throw
 * {@link BarrierBrokenException}. {@link #reset()} breaks the current round (its waiters get the exception)
 * and then makes the barrier usable again once they have left.
 *
 * <p><b>Cancellation.</b> A task cancelled while waiting leaves the round (the count of waiting tasks drops)
 * and {@link dev.concurrency.async.CancelledError} is thrown from {@code await()}.
 *
 * <p><b>Thread-safety.</b> Loop-confined.
 *
 * <p><b>Memory consistency.</b> Actions of every party before its {@code await()} happen-before each party's
 * return from it in the same round.
 *
 * <p><b>Python:</b> {@code asyncio.Barrier} (3.11). Differences: {@code wait()} is {@link #await()}; the broken
 * error is the unchecked {@link BarrierBrokenException}; {@code async with barrier} has no counterpart (it only
 * waits), so the barrier is not {@link AutoCloseable}. Not {@link java.util.concurrent.CyclicBarrier}, which
 * blocks threads.
 */
public final class AsyncBarrier {

  private enum State {
    FILLING,
    DRAINING,
    RESETTING,
    BROKEN
  }

  private final AsyncCondition cond = new AsyncCondition();
  private final int parties;
  private State state = State.FILLING;
  private int count;

  /**
   * A barrier for {@code parties} tasks.
   *
   * @param parties how many tasks each round waits for
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public AsyncBarrier(int parties) {
    checkArgument(parties >= 1, "a barrier needs at least 1 party, got %s", parties);
    this.parties = parties;
  }

  /**
   * Suspends until {@code parties} tasks (this one included) are waiting, then returns this task's arrival
   * index.
   *
   * <p>Ends in one of these ways: returns the index ({@code parties - 1} for the task that completed the
   * round); throws {@link BarrierBrokenException} if the barrier is or becomes broken or reset; throws {@link
   * dev.concurrency.async.CancelledError} if the task is cancelled.
   *
   * @return this task's arrival index in the round, from {@code 0} to {@code parties - 1}
   * @throws IllegalStateException if called outside a task
   */
  public int await() {
    cond.acquire();
    try (cond) {
      // Wait while a previous round drains or resets.
      cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING);
      if (state == State.BROKEN) {
        throw new BarrierBrokenException("the barrier was aborted");
      }
      int index = count++;
      try {
        if (index + 1 == parties) {
          state = State.DRAINING;
          cond.notifyAllWaiters();
        } else {
          cond.waitFor(() -> state != State.FILLING);
          if (state == State.BROKEN || state == State.RESETTING) {
            throw new BarrierBrokenException("the barrier was aborted or reset while this task waited");
          }
        }
        return index;
      } finally {
        count--;
        if (count == 0) {
          if (state == State.RESETTING || state == State.DRAINING) {
            state = State.FILLING;
          }
          cond.notifyAllWaiters();
        }
      }
    }
  }

  /**
   * Returns the barrier to its empty state; tasks waiting in the current round get {@link
   * BarrierBrokenException}. A broken barrier becomes usable again.
   */
  public void reset() {
    cond.acquire();
    try (cond) {
      if (count > 0) {
        state = State.RESETTING;
      } else {
        state = State.FILLING;
      }
      cond.notifyAllWaiters();
    }
  }

  /**
   * Breaks the barrier: waiting and future {@link #await()} calls throw {@link BarrierBrokenException}. */
  public void abort() {
    cond.acquire();
    try (cond) {
      state = State.BROKEN;
      cond.notifyAllWaiters();
    }
  }

  /**
   * The number of tasks needed to pass the barrier.
   *
   * @return the parties given at construction
   */
  public int parties() {
    return parties;
  }

  /**
   * The number of tasks waiting in the current round (0 while it drains).
   *
   * @return the tasks waiting while the round fills; 0 while it drains, resets or is broken
   */
  public int nWaiting() {
    return state == State.FILLING ? count : 0;
  }

  /** Whether the barrier is broken ({@link #abort()}).
   *
   * @return {@code true} once aborted, until a {@link #reset()}
   */
  public boolean broken() {
    return state == State.BROKEN;
  }

  @Override
  public String toString() {
    String name = state.name().toLowerCase(java.util.Locale.ROOT);
    return "AsyncBarrier[" + name + (state == State.BROKEN ? "" : ", waiters=" + nWaiting() + "/" + parties) + "]";
  }
}
