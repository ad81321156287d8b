package dev.concurrency.sync;

import dev.concurrency.sync.internal.LockNode;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore that may never hold more permits than it started with: releasing past the bound is an
 * error, which catches the bug of releasing twice.
 *
 * <pre>{@code
 * BoundedSemaphore pool = BoundedSemaphore.create(2);
 * pool.acquire();
 * pool.release();
 * pool.release();   // IllegalStateException: released too many times
 * }</pre>
 *
 * <p>Everything else is as for {@link CountingSemaphore}. The failing release changes nothing.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: as for {@link CountingSemaphore}.
 *
 * <p><b>Python:</b> {@code threading.BoundedSemaphore}, whose release past the bound raises
 * {@code ValueError}; here {@link IllegalStateException}.
 */
public final class BoundedSemaphore extends CountingSemaphore {

  private final int bound;

  BoundedSemaphore(int permits, Fairness fairness, @Nullable LockNode node) {
    super(permits, permits, fairness, node);
    this.bound = permits;
  }

  /**
   * A barging bounded semaphore with {@code permits} free permits, which is also its bound.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static BoundedSemaphore create(int permits) {
    return new BoundedSemaphore(permits, Fairness.BARGING, null);
  }

  /** As {@link #create(int)}, with the given fairness. */
  public static BoundedSemaphore create(int permits, Fairness fairness) {
    return new BoundedSemaphore(permits, fairness, null);
  }

  /** The most permits this semaphore may hold. */
  public int bound() {
    return bound;
  }
}
