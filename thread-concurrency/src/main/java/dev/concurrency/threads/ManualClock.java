package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimerClock} whose time moves only by {@link #advance}: timers and scheduled tasks waiting on it run
 * when a test moves it past their deadline, at once in real time, and never before.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=manual-clock}
 *
 * <p>An advance wakes every timer and executor waiting on this clock; they run what is due on their own
 * threads, so a test still waits (on a latch, or on the future) for the work to happen, just never for time to
 * pass.
 *
 * <p>Thread-safe. Memory consistency effects: actions before an {@code advance} happen-before the actions of a
 * timer or task that it makes due.
 *
 * <p><b>Python:</b> none in the standard library; {@code trio.testing.MockClock} and Guava's {@code
 * FakeTicker} are the models.
 */
public final class ManualClock extends TimerClock {

  private final AtomicLong nanos = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  ManualClock() {}

  /** The current reading, in nanoseconds since the clock was made. */
  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * The time since the clock was made.
   *
   * @return the time since the clock was made
   */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /**
   * Moves the clock forward by {@code amount} and wakes everything waiting on it.
   *
   * @param amount how far to move, not negative
   * @throws IllegalArgumentException if {@code amount} is negative (a monotonic clock never goes back), or longer
   *     than about 292 years (it must fit in a {@code long} of nanoseconds)
   */
  public void advance(Duration amount) {
    requireNonNull(amount, "amount");
    checkArgument(!amount.isNegative(), "a clock only moves forward: amount must not be negative, got %s", amount);
    long step;
    try {
      step = amount.toNanos();
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException(
          "amount " + amount + " does not fit in a long of nanoseconds (about 292 years); advance in smaller steps",
          tooLong);
    }
    nanos.addAndGet(step);
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  @Override
  long realWaitNanos(long deadline) {
    return deadline - read() <= 0 ? 0 : Long.MAX_VALUE;
  }

  @Override
  Runnable onAdvance(Runnable listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "ManualClock[" + elapsed() + "]";
  }
}
