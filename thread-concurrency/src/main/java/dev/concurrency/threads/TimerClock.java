package dev.concurrency.threads;

import com.google.common.base.Ticker;
import java.util.concurrent.locks.Condition;

/**
 * The clock a {@link ThreadTimer} and a {@link ScheduledExecutor} wait by: {@linkplain #system() the system's},
 * or a {@link ManualClock} that a test moves by hand, so that "runs after 30 seconds" is checked in
 * microseconds and exactly.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=timer-clock}
 *
 * <p>A reading is a number of nanoseconds since an origin of the clock's own (the system clock's is the moment
 * this class was loaded, so readings start near zero and never overflow in practice). Only differences between
 * readings of one clock mean anything, as with {@link System#nanoTime()}.
 *
 * <p>Implementations are thread-safe. Memory consistency effects: see {@link ManualClock}.
 *
 * <p><b>Python:</b> {@code time.monotonic}, which {@code threading.Timer} waits by; Python has no way to inject
 * another clock into it.
 */
public abstract sealed class TimerClock extends Ticker permits SystemTimerClock, ManualClock {

  TimerClock() {}

  /**
   * The system's monotonic clock ({@link System#nanoTime()}); time passes by itself.
   *
   * @return the system clock
   */
  public static TimerClock system() {
    return SystemTimerClock.INSTANCE;
  }

  /**
   * A new clock at zero that moves only when {@link ManualClock#advance} is called.
   *
   * @return a new manual clock
   */
  public static ManualClock manual() {
    return new ManualClock();
  }

  /**
   * How many real nanoseconds a thread waiting for {@code deadline} may block before it must read the clock
   * again: zero or less if the deadline has passed; {@link Long#MAX_VALUE} if only an {@linkplain
   * #onAdvance advance} can bring it closer.
   */
  abstract long realWaitNanos(long deadline);

  /**
   * Calls {@code listener} after every jump of this clock, so that waiters can look again; returns what
   * unregisters it. The system clock never jumps and keeps no listener.
   */
  abstract Runnable onAdvance(Runnable listener);

  /**
   * Waits on {@code condition}, whose lock the caller holds, until it is signalled, the thread is interrupted,
   * or (for the system clock) {@code deadline} comes; may also return spuriously, so callers loop.
   */
  final void await(Condition condition, long deadline) throws InterruptedException {
    long wait = realWaitNanos(deadline);
    if (wait == Long.MAX_VALUE) {
      condition.await();
    } else if (wait > 0) {
      condition.awaitNanos(wait);
    }
  }
}
