package dev.concurrency.sync;

import dev.concurrency.sync.internal.Durations;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A flag that threads wait for: {@link #set()} wakes every waiter and lets later ones through until
 * {@link #clear()}.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=event}
 *
 * <p>Unlike a {@link java.util.concurrent.CountDownLatch} it can be cleared and set again. {@link #await()}
 * ends when the flag is set or the thread is interrupted; {@link #await(Duration)} also when the timeout
 * elapses, and then returns the flag as it is. A waiter woken by {@code set()} returns even if another thread
 * clears the flag before the waiter runs again, as in Python.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions before {@code set()} <i>happen-before</i> actions after an
 * {@code await} that returns because of it, or after {@code isSet()} returns true.
 *
 * <p><b>Python:</b> {@code threading.Event}; {@code wait()} is {@code await()} here because
 * {@link Object#wait()} is final, and {@code is_set()} is {@link #isSet()}.
 */
public final class Event {

  private final Sync sync = new Sync();

  /** A new event, not set. */
  public Event() {}

  /** Sets the flag and wakes every waiting thread. */
  public void set() {
    sync.releaseShared(1);
  }

  /** Clears the flag; later waiters wait for the next {@link #set()}. */
  public void clear() {
    sync.clear();
  }

  /**
   * Whether the flag is set.
   *
   * @return whether the flag is set
   */
  public boolean isSet() {
    return sync.isSet();
  }

  /**
   * Waits until the flag is set (at once if it is).
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void await() throws InterruptedException {
    sync.acquireSharedInterruptibly(sync.generation());
  }

  /**
   * Waits until the flag is set or the timeout elapses.
   *
    * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
   * @return true if the flag was set, false if the timeout elapsed first
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean await(Duration timeout) throws InterruptedException {
    long nanos = Durations.nanos(timeout);
    return sync.tryAcquireSharedNanos(sync.generation(), nanos) || isSet();
  }

  /** The state, in Python's words: {@code Event[set]} or {@code Event[unset]}. */
  @Override
  public String toString() {
    return "Event[" + (isSet() ? "set" : "unset") + "]";
  }

  /*
   * State: bit 0 is the flag, the other bits count the sets (a generation, wrapping harmlessly). A waiter
   * passes its generation as the acquire argument and passes once the flag is set or the generation moved:
   * that is how a waiter woken by set() still returns true when clear() came before it ran again.
   */
  private static final class Sync extends AbstractQueuedSynchronizer {

    @Serial private static final long serialVersionUID = 1L;

    int generation() {
      return getState() >>> 1;
    }

    @Override
    protected int tryAcquireShared(int generation) {
      int state = getState();
      return (state & 1) != 0 || (state >>> 1) != generation ? 1 : -1;
    }

    @Override
    protected boolean tryReleaseShared(int ignored) {
      for (; ; ) {
        int state = getState();
        if ((state & 1) != 0) {
          return false;
        }
        if (compareAndSetState(state, (((state >>> 1) + 1) << 1) | 1)) {
          return true;
        }
      }
    }

    void clear() {
      for (; ; ) {
        int state = getState();
        if ((state & 1) == 0 || compareAndSetState(state, state & ~1)) {
          return;
        }
      }
    }

    boolean isSet() {
      return (getState() & 1) != 0;
    }
  }
}
