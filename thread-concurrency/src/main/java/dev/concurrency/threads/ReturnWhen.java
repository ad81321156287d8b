package dev.concurrency.threads;

/**
 * When {@link ConcurrentFutures#waitFor} returns.
 *
 * <p>Immutable and thread-safe, as every enum is.
 *
 * <p><b>Python:</b> the {@code return_when} constants of {@code concurrent.futures.wait}, same names, same
 * meaning.
 */
public enum ReturnWhen {
  /** As soon as any future is done (with a result, an exception, or cancelled). */
  FIRST_COMPLETED,
  /**
   * As soon as any future completes with an exception (cancellation does not count); if none does, when all are
   * done.
   */
  FIRST_EXCEPTION,
  /** When every future is done. */
  ALL_COMPLETED
}
