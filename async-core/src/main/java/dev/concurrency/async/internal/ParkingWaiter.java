package dev.concurrency.async.internal;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Waiter} that parks the waiting thread; a wakeup unparks it.
 *
 * <p>Correctness (no lost wakeup): {@link #await} publishes the sleeper, then reads {@code pending};
 * {@link #wakeup()} writes {@code pending}, then reads the sleeper. Both fields are volatile, so at least one
 * side sees the other's write: either the waiter sees the pending wakeup and does not park, or the waker sees
 * the sleeper and unparks it (a permit given before {@code park} makes {@code park} return at once).
 *
 * <p>Thread-safe as the {@link Waiter} contract requires.
 */
public final class ParkingWaiter implements Waiter {

  private volatile @Nullable Thread sleeper;
  private volatile boolean pending;

  @Override
  public void await(long timeoutNanos) {
    sleeper = Thread.currentThread();
    try {
      if (!pending) {
        if (timeoutNanos < 0) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, timeoutNanos);
        }
      }
    } finally {
      sleeper = null;
      pending = false;
    }
  }

  @Override
  public void wakeup() {
    pending = true;
    Thread s = sleeper;
    if (s != null) {
      LockSupport.unpark(s);
    }
  }
}
