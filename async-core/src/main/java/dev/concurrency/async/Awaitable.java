package dev.concurrency.async;

/**
 * Something a task can wait for: Python's awaitable, the object on the right of {@code await}.
 *
 * <p>{@link AsyncFuture} (and so {@link AsyncTask}) is the common one. {@link AsCompleted#awaitables()} hands
 * out awaitables that are not futures: each one, when awaited, takes the next outcome that is ready, so it
 * matters in which order they are awaited, not in which order they were handed out.
 *
 * <p>Thread-safety: an awaitable is awaited by a task of the loop it belongs to; see {@link AsyncFuture}.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Awaitable<T> {

  /**
   * Suspends the calling task until the result is available, and returns it.
   *
   * @return the result
   * @throws CancelledError if what is awaited was cancelled, or the awaiting task was
   * @throws IllegalStateException if called outside a task of the right loop
   */
  T await();
}
