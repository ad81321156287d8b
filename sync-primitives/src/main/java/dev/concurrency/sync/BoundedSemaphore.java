package dev.concurrency.sync;

import dev.concurrency.sync.internal.Tracking;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore that may never hold more permits than it started with: releasing past the bound is an
 * error, which catches the bug of releasing twice.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=boundedSemaphore}
 *
 * <p>Everything else is as for {@link CountingSemaphore}. The failing release changes nothing, for a detector
 * neither: the holds it knew of are still known. Asking for more permits than the bound at once is an
 * {@link IllegalArgumentException}, since it could never be granted.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: as for {@link CountingSemaphore}.
 *
 * <p><b>Python:</b> {@code threading.BoundedSemaphore}, whose release past the bound raises
 * {@code ValueError}; here {@link IllegalStateException}.
 */
public final class BoundedSemaphore extends CountingSemaphore {

  @Serial private static final long serialVersionUID = 1L;

  private final transient int bound;

  BoundedSemaphore(int permits, Fairness fairness, @Nullable Tracking tracking) {
    this(permits, permits, fairness, tracking);
  }

  BoundedSemaphore(int permits, int bound, Fairness fairness, @Nullable Tracking tracking) {
    super(permits, bound, fairness, tracking);
    this.bound = bound;
  }

  /**
   * A barging bounded semaphore with one permit, Python's {@code BoundedSemaphore()} default.
   *
   * @return the semaphore
   */
  public static BoundedSemaphore create() {
    return create(1);
  }

  /**
   * A barging bounded semaphore with {@code permits} free permits, which is also its bound.
   *
    * @param permits the free permits at the start, and the bound
    * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static BoundedSemaphore create(int permits) {
    return new BoundedSemaphore(permits, Fairness.BARGING, null);
  }

  /**
   * As {@link #create(int)}, with the given fairness.
   *
   * @param permits the free permits at the start, and the bound
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static BoundedSemaphore create(int permits, Fairness fairness) {
    return new BoundedSemaphore(permits, fairness, null);
  }

  /**
   * The most permits this semaphore may hold.
   *
   * @return the bound
   */
  public int bound() {
    return bound;
  }

  /** The name, the free permits and the bound: {@code [Permits = 2, bound = 3]}. */
  @Override
  public String toString() {
    return name() + "[Permits = " + availablePermits() + ", bound = " + bound + "]";
  }
}
