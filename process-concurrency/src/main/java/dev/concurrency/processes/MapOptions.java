package dev.concurrency.processes;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ProcessPool#map(SerializableFunction, Iterable, MapOptions)} maps: Python 3.14's
 * {@code Executor.map(fn, *iterables, timeout=None, chunksize=1, buffersize=None)}.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=mapOptions}
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param timeout how long the whole iteration may take, from the call to {@code map}: a {@code next()} after that
 *     deadline, whose result is not there, throws a {@link java.util.concurrent.CompletionException} caused by a
 *     {@link java.util.concurrent.TimeoutException}; {@code null} for no limit
 * @param chunkSize how many inputs each task carries
 * @param bufferSize the most tasks submitted and not yet consumed: the input is read only as results are taken,
 *     so it may be unbounded; {@code null} to submit every task at once, reading the whole input first
 */
public record MapOptions(@Nullable Duration timeout, int chunkSize, @Nullable Integer bufferSize) {

  /** No timeout, one input per task, every task submitted at once: Python's defaults. */
  public static final MapOptions DEFAULT = new MapOptions(null, 1, null);

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative, {@code chunkSize < 1} or {@code bufferSize < 1}
   */
  public MapOptions {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
    }
    if (bufferSize != null && bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be null (no limit) or > 0, was " + bufferSize);
    }
  }

  /**
   * These options with a timeout for the whole iteration.
   *
   * @param newTimeout the time the whole iteration may take, not negative
   * @return the new options
   */
  public MapOptions withTimeout(Duration newTimeout) {
    return new MapOptions(newTimeout, chunkSize, bufferSize);
  }

  /**
   * These options with another chunk size.
   *
   * @param newChunkSize the inputs per task, at least 1
   * @return the new options
   */
  public MapOptions withChunkSize(int newChunkSize) {
    return new MapOptions(timeout, newChunkSize, bufferSize);
  }

  /**
   * These options with a buffer of at most {@code newBufferSize} tasks ahead of the consumer.
   *
   * @param newBufferSize the most tasks ahead, at least 1
   * @return the new options
   */
  public MapOptions withBufferSize(int newBufferSize) {
    return new MapOptions(timeout, chunkSize, newBufferSize);
  }
}
