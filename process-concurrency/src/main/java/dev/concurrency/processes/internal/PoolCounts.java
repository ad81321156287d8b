package dev.concurrency.processes.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What a pool has done so far, for its MXBean: tasks submitted and done, workers started, lost and recycled.
 *
 * <p>Thread-safe: each counter is a {@link LongAdder}, bumped where the thing happens (a task's completion, off the
 * pool's lock) and read without a lock, so each count is exact when read but two counts are not one picture.
 */
final class PoolCounts {

  final LongAdder submitted = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder workersStarted = new LongAdder();
  /** Workers that died while the pool still wanted them. */
  final LongAdder workersLost = new LongAdder();
  /** Workers retired at their task limit. */
  final LongAdder workersRecycled = new LongAdder();

  /** A task's future completed: with a value ({@code failure} null), an exception, or cancelled. */
  void taskDone(@Nullable Throwable failure) {
    if (failure instanceof CancellationException) {
      cancelled.increment();
    } else if (failure != null) {
      failed.increment();
    }
    completed.increment(); // last: a reader that sees a task completed sees how it ended
  }
}
