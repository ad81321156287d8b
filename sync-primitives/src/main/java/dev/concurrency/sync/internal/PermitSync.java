package dev.concurrency.sync.internal;

import java.io.Serial;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer behind the counting and bounded semaphores: the state is the number of free permits.
 * A bound of {@link Integer#MAX_VALUE} means unbounded.
 *
 * <p>Thread-safe. Memory consistency effects: those of {@link AbstractQueuedSynchronizer}: a release
 * happens-before every acquire that observes its state change.
 */
public final class PermitSync extends AbstractQueuedSynchronizer {

  @Serial private static final long serialVersionUID = 1L;

  private final boolean fair;
  private final int bound;

  /** A semaphore with {@code permits} free permits that may never hold more than {@code bound}. */
  public PermitSync(int permits, int bound, boolean fair) {
    setState(permits);
    this.bound = bound;
    this.fair = fair;
  }

  // The barging case is the loop of java.util.concurrent.Semaphore.NonfairSync (read, subtract, one CAS) and
  // shares its code with barge(); only a fair semaphore pays for the queue check.
  @Override
  protected int tryAcquireShared(int wanted) {
    return fair ? fairTryAcquire(wanted) : bargeTryAcquire(wanted);
  }

  private int bargeTryAcquire(int wanted) {
    for (; ; ) {
      int free = getState();
      int left = free - wanted;
      if (left < 0 || compareAndSetState(free, left)) {
        return left;
      }
    }
  }

  private int fairTryAcquire(int wanted) {
    for (; ; ) {
      if (hasQueuedPredecessors()) {
        return -1;
      }
      int free = getState();
      int left = free - wanted;
      if (left < 0 || compareAndSetState(free, left)) {
        return left;
      }
    }
  }

  /** Takes {@code wanted} permits now if they are free and fairness allows; does not queue. */
  public boolean attempt(int wanted) {
    return tryAcquireShared(wanted) >= 0;
  }

  /** Takes {@code wanted} permits now if they are free, ignoring fairness. */
  public boolean barge(int wanted) {
    return bargeTryAcquire(wanted) >= 0;
  }

  // The loop of Semaphore.Sync.tryReleaseShared plus the bound; the message is built out of line so that the
  // loop stays as small as the JDK's and inlines as readily.
  @Override
  protected boolean tryReleaseShared(int returned) {
    for (; ; ) {
      int free = getState();
      int next = free + returned;
      if (next < free || next > bound) {
        throw overRelease(returned, free);
      }
      if (compareAndSetState(free, next)) {
        return true;
      }
    }
  }

  private IllegalStateException overRelease(int returned, int free) {
    return new IllegalStateException(
        "semaphore released too many times: "
            + returned
            + " permit(s) returned with "
            + free
            + " free would exceed the bound of "
            + bound
            + "; release only what you acquired");
  }

  /** Takes every free permit and returns how many. */
  public int drain() {
    for (; ; ) {
      int free = getState();
      if (free == 0 || compareAndSetState(free, 0)) {
        return free;
      }
    }
  }

  /** The number of free permits. */
  public int permits() {
    return getState();
  }

  /** Whether the semaphore is fair. */
  public boolean isFair() {
    return fair;
  }

  /** The most permits it may hold, {@link Integer#MAX_VALUE} when unbounded. */
  public int bound() {
    return bound;
  }
}
