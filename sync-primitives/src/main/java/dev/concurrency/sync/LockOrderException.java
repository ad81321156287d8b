package dev.concurrency.sync;

import java.io.Serial;

/**
 * Thrown when a thread takes a ranked lock while holding one of equal or higher rank, against the order of a
 * {@link LockOrdering}. It is thrown at once, before blocking, whether or not any other thread is involved.
 *
 * <p>Its fields are final and set in the constructor, so it may be read from any thread once thrown.
 */
public final class LockOrderException extends IllegalStateException {

  @Serial private static final long serialVersionUID = 1L;

  /** The name of the lock that was held. */
  private final String held;

  /** The name of the lock that was requested. */
  private final String requested;

  /**
   * Names the lock held and the lock requested, with their ranks.
   *
   * @param held the name of the lock held
   * @param heldRank its rank
   * @param requested the name of the lock requested
   * @param requestedRank its rank
   */
  public LockOrderException(String held, int heldRank, String requested, int requestedRank) {
    super(
        "lock order violated: thread '"
            + Thread.currentThread().getName()
            + "' requested '"
            + requested
            + "' (rank "
            + requestedRank
            + ") while holding '"
            + held
            + "' (rank "
            + heldRank
            + "); take locks in increasing rank, or take them together with LockOrdering.acquireAll");
    this.held = held;
    this.requested = requested;
  }

  /**
   * The name of the lock that was held.
   *
   * @return the name
   */
  public String held() {
    return held;
  }

  /**
   * The name of the lock that was requested.
   *
   * @return the name
   */
  public String requested() {
    return requested;
  }
}
