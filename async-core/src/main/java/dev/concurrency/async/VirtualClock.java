package dev.concurrency.async;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for an {@link EventLoop} whose time moves only when told to, so sleep-heavy code runs instantly and
 * deterministically in tests.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=virtualClock}
 *
 * <p><b>Auto-advance.</b> With {@link #autoAdvancing()}, whenever the loop would wait for its next timer
 * (nothing is ready and no thread-safe call is pending), it moves this clock straight to that timer's deadline
 * instead, as Trio's {@code MockClock(autojump_threshold=0)} and Kotlin's {@code runTest} do. A loop waiting
 * with no timer at all (only for a thread-safe call from another thread) still waits in real time. With
 * {@link #manual()}, time moves only by {@link #advance(Duration)}.
 *
 * <p>Thread-safe: the time is an atomic counter; reading it from any thread is fine. Memory consistency: an
 * {@code advance} happens-before a read of the clock that returns the advanced time.
 *
 * <p><b>Python:</b> no asyncio counterpart; {@code trio.testing.MockClock}.
 */
public final class VirtualClock extends Ticker {

  private final AtomicLong nanos = new AtomicLong();
  private final boolean autoAdvance;

  private VirtualClock(boolean autoAdvance) {
    this.autoAdvance = autoAdvance;
  }

  /**
   * A clock at zero that the loop moves to the next timer whenever it would otherwise wait.
   *
   * @return a clock at zero that the loop moves to the next timer whenever it would otherwise wait
   */
  public static VirtualClock autoAdvancing() {
    return new VirtualClock(true);
  }

  /**
   * A clock at zero that moves only by {@link #advance}.
   *
   * @return a clock at zero that moves only by {@link #advance}
   */
  public static VirtualClock manual() {
    return new VirtualClock(false);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * The time since the clock was created.
   *
   * @return the time since the clock was created
   */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /**
   * Moves the clock forward.
   *
   * @param by how far to move the clock
   * @throws IllegalArgumentException if {@code by} is negative: time does not go back
   */
  public void advance(Duration by) {
    requireNonNull(by, "by");
    checkArgument(!by.isNegative(), "a clock cannot go back: advance(%s) needs a duration >= 0", by);
    nanos.addAndGet(by.toNanos());
  }

  /**
   * Whether the loop may move this clock by itself.
   *
   * @return whether the loop may move this clock by itself
   */
  public boolean autoAdvance() {
    return autoAdvance;
  }

  /** Moves the clock to {@code deadline} if it is later than now (the loop's auto-advance). */
  void advanceTo(long deadline) {
    nanos.accumulateAndGet(deadline, Math::max);
  }
}
