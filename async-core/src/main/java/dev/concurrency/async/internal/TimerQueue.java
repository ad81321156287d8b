package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The loop's timer heap: ordered by deadline, then by insertion, with lazy removal of cancelled timers.
 *
 * <p>Cancelling a timer costs nothing here: the loop only counts it ({@link #cancelled()}). Cancelled timers
 * are dropped when they reach the top, and the whole heap is compacted once more than half of it (and at
 * least {@value #COMPACT_MIN} entries) is cancelled, as CPython's {@code _run_once} does, so a program that
 * schedules and cancels many timeouts does not grow the heap without bound.
 *
 * <p>Not thread-safe: confined to the thread that holds the loop's baton.
 *
 * @param <E> the timer type
 */
public final class TimerQueue<E> {

  static final int COMPACT_MIN = 100;

  private final PriorityQueue<E> heap;
  private final Predicate<? super E> isCancelled;
  private int cancelledCount;

  /**
   * An empty queue.
   *
   * @param order deadline first, then insertion order
   * @param isCancelled tells whether a timer was cancelled
   */
  public TimerQueue(Comparator<? super E> order, Predicate<? super E> isCancelled) {
    this.heap = new PriorityQueue<>(requireNonNull(order, "order"));
    this.isCancelled = requireNonNull(isCancelled, "isCancelled");
  }

  /**
   * Adds a timer.
   *
   * @param timer the timer
   */
  public void add(E timer) {
    heap.add(timer);
  }

  /** Counts one timer of this queue as cancelled, and compacts the heap when most of it is. */
  public void cancelled() {
    cancelledCount++;
    if (cancelledCount > COMPACT_MIN && cancelledCount * 2 > heap.size()) {
      heap.removeIf(isCancelled);
      cancelledCount = 0;
    }
  }

  /**
   * The earliest live timer, dropping cancelled ones from the top on the way, or {@code null}.
   *
   * @return the earliest live timer, dropping cancelled ones from the top on the way, or {@code null}
   */
  public @Nullable E peek() {
    E head;
    while ((head = heap.peek()) != null && isCancelled.test(head)) {
      heap.poll();
      cancelledCount = Math.max(0, cancelledCount - 1);
    }
    return head;
  }

  /** Removes the earliest live timer; call after {@link #peek()} returned it. */
  public void pop() {
    heap.poll();
  }

  /**
   * The number of timers counted as cancelled and still held (the compaction rule's numerator).
   *
   * @return the number of timers counted as cancelled and still held (the compaction rule's numerator)
   */
  public int cancelledCount() {
    return cancelledCount;
  }

  /**
   * The number of timers held, including cancelled ones not yet dropped.
   *
   * @return the number of timers held, including cancelled ones not yet dropped
   */
  public int size() {
    return heap.size();
  }

  /** Drops every timer. */
  public void clear() {
    heap.clear();
    cancelledCount = 0;
  }
}
