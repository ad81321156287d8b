package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ThreadPool#imap} runs: the keyword arguments of Python's {@code Executor.map(fn, *iterables,
 * timeout=None, chunksize=1, buffersize=None)}.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=map-options}
 *
 * <p>Immutable; the {@code with} methods return new instances.
 *
 * @param timeout how long, from the {@code imap} call, until the last result must be in; null for no limit
 * @param chunkSize how many items one task applies the function to, at least 1. Python's thread pool ignores
 *     {@code chunksize}; here it groups items into one task each, which saves the per-task overhead when the
 *     function is tiny. It changes nothing else: results still come back one by one, in order, each failure at
 *     its own item
 * @param bufferSize at most this many tasks (chunks) submitted and not yet consumed, at least 1; null to submit
 *     every item at once, as before Python 3.14. With a buffer, an input of any length, even endless, is read
 *     only as fast as the results are consumed
 */
public record MapOptions(@Nullable Duration timeout, int chunkSize, @Nullable Integer bufferSize) {

  /** No timeout, one item per task, no buffer (every task submitted at once). */
  public static final MapOptions DEFAULTS = new MapOptions(null, 1, null);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative, {@code chunkSize} is less than 1, or {@code
   *     bufferSize} is less than 1
   */
  public MapOptions {
    checkArgument(
        timeout == null || !timeout.isNegative(),
        "timeout must not be negative, got %s; pass null to wait without limit",
        timeout);
    checkArgument(chunkSize >= 1, "chunkSize must be at least 1, got %s", chunkSize);
    checkArgument(
        bufferSize == null || bufferSize >= 1,
        "bufferSize must be null (no buffer) or at least 1, got %s",
        bufferSize);
  }

  /**
   * These options with a deadline of {@code timeout} after the {@code imap} call; null for none.
   *
   * @param timeout the deadline after the call, or null for none
   * @return new options
   */
  public MapOptions withTimeout(@Nullable Duration timeout) {
    return new MapOptions(timeout, chunkSize, bufferSize);
  }

  /**
   * These options with {@code chunkSize} items per task.
   *
   * @param chunkSize items per task, at least 1
   * @return new options
   */
  public MapOptions withChunkSize(int chunkSize) {
    return new MapOptions(timeout, chunkSize, bufferSize);
  }

  /**
   * These options with at most {@code bufferSize} tasks in flight; null for no buffer.
   *
   * @param bufferSize tasks in flight, at least 1, or null for no buffer
   * @return new options
   */
  public MapOptions withBufferSize(@Nullable Integer bufferSize) {
    return new MapOptions(timeout, chunkSize, bufferSize);
  }
}
