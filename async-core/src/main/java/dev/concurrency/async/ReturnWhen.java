package dev.concurrency.async;

/**
 * When {@link AsyncIO#waitUntil} returns.
 *
 * <p><b>Python:</b> the {@code return_when} constants of {@code asyncio.wait}.
 */
public enum ReturnWhen {
  /** As soon as any future is done (finished or cancelled). */
  FIRST_COMPLETED,
  /** As soon as any future finishes with an exception, or when all are done. */
  FIRST_EXCEPTION,
  /** When all futures are done. */
  ALL_COMPLETED
}
