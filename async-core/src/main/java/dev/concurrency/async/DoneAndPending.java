package dev.concurrency.async;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * What {@link AsyncIO#waitUntil} returns: the futures that were done and those still pending, each in the
 * order they were given.
 *
 * <p><b>Python:</b> the {@code (done, pending)} pair of sets {@code asyncio.wait} returns.
 *
 * @param done the futures that were done
 * @param pending the futures that were still pending (they keep running: {@code waitUntil} cancels nothing)
 * @param <T> the futures' result type
 */
public record DoneAndPending<T>(Set<AsyncFuture<T>> done, Set<AsyncFuture<T>> pending) {

  /** Copies the sets, keeping their order. */
  public DoneAndPending {
    done = ImmutableSet.copyOf(done);
    pending = ImmutableSet.copyOf(pending);
  }
}
