package dev.concurrency.threads.internal;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * A queue entry of a priority executor: the task, its ordering key and its arrival number.
 *
 * <p>Smaller keys run first; equal keys run in arrival order (FIFO). Immutable.
 *
 * @param key the ordering key (see {@code PriorityExecutor}: {@code -priority}, or with aging
 *     {@code arrival - priority * agingStep})
 * @param sequence the arrival number, the tie-breaker that makes equal keys FIFO
 * @param task what to run
 */
public record PrioritizedTask(long key, long sequence, Runnable task) implements Runnable {

  /** Key, then arrival: the queue's order. */
  public static final Comparator<Runnable> ORDER =
      Comparator.comparingLong((Runnable r) -> cast(r).key()).thenComparingLong(r -> cast(r).sequence());

  /** Checks the parts. */
  public PrioritizedTask {
    requireNonNull(task, "task");
  }

  @Override
  public void run() {
    task.run();
  }

  private static PrioritizedTask cast(Runnable r) {
    if (r instanceof PrioritizedTask p) {
      return p;
    }
    // what a bare ThreadPoolExecutor over a PriorityBlockingQueue would run into; never happens here
    throw new ClassCastException(r.getClass().getName() + " is not a PrioritizedTask");
  }
}
