package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The loop's timer heap: ordered by deadline, then by a tie-break key (the order of scheduling), with lazy removal
 * of cancelled timers.
 *
 * <p>Cancelling a timer costs nothing here: the loop only counts it ({@link #cancelled()}). Cancelled timers
 * are dropped when they reach the top, and the whole heap is compacted once more than half of it (and at
 * least {@value #COMPACT_MIN} entries) is cancelled, as CPython's {@code _run_once} does, so a program that
 * schedules and cancels many timeouts does not grow the heap without bound.
 *
 * <p>Why not {@link java.util.PriorityQueue}: a binary heap of 100,000 timers compares about 17 pairs per removal,
 * and a comparator reads both keys out of each timer object, a cache miss apiece once the heap outgrows the cache.
 * This heap copies the two keys into arrays beside the timers when a timer is added, so sifting reads two arrays
 * of longs and touches no timer (the comparator had been a sixth to a fifth of the CPU samples of the
 * 100,000-timer benchmark, E3).
 *
 * <p>Not thread-safe: confined to the thread that holds the loop's baton.
 *
 * @param <E> the timer type
 */
public final class TimerQueue<E> {

  static final int COMPACT_MIN = 100;
  private static final int INITIAL_CAPACITY = 16;

  private final ToLongFunction<? super E> deadline;
  private final ToLongFunction<? super E> tieBreak;
  private final Predicate<? super E> isCancelled;
  private @Nullable Object[] timers = new Object[INITIAL_CAPACITY];
  private long[] deadlines = new long[INITIAL_CAPACITY];
  private long[] ties = new long[INITIAL_CAPACITY];
  private int size;
  private int cancelledCount;

  /**
   * An empty queue.
   *
   * @param deadline a timer's deadline: earlier first
   * @param tieBreak orders timers with equal deadlines: lower first (the order of scheduling)
   * @param isCancelled tells whether a timer was cancelled
   */
  public TimerQueue(
      ToLongFunction<? super E> deadline, ToLongFunction<? super E> tieBreak, Predicate<? super E> isCancelled) {
    this.deadline = requireNonNull(deadline, "deadline");
    this.tieBreak = requireNonNull(tieBreak, "tieBreak");
    this.isCancelled = requireNonNull(isCancelled, "isCancelled");
  }

  /**
   * Adds a timer; its keys are read now, once.
   *
   * @param timer the timer
   */
  public void add(E timer) {
    requireNonNull(timer, "timer");
    if (size == timers.length) {
      int capacity = size + (size >> 1);
      timers = Arrays.copyOf(timers, capacity);
      deadlines = Arrays.copyOf(deadlines, capacity);
      ties = Arrays.copyOf(ties, capacity);
    }
    siftUp(size++, timer, deadline.applyAsLong(timer), tieBreak.applyAsLong(timer));
  }

  /** Counts one timer of this queue as cancelled, and compacts the heap when most of it is. */
  public void cancelled() {
    cancelledCount++;
    if (cancelledCount > COMPACT_MIN && cancelledCount * 2 > size) {
      compact();
      cancelledCount = 0;
    }
  }

  /**
   * The earliest live timer, dropping cancelled ones from the top on the way, or {@code null}.
   *
   * @return the earliest live timer, dropping cancelled ones from the top on the way, or {@code null}
   */
  public @Nullable E peek() {
    while (size > 0) {
      E head = timerAt(0);
      if (!isCancelled.test(head)) {
        return head;
      }
      pop();
      cancelledCount = Math.max(0, cancelledCount - 1);
    }
    return null;
  }

  /** Removes the earliest timer (live or not); call after {@link #peek()} returned it. */
  public void pop() {
    if (size == 0) {
      return;
    }
    int last = --size;
    Object moved = timers[last];
    timers[last] = null;
    if (last > 0) {
      siftDown(0, moved, deadlines[last], ties[last]);
    }
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
    return size;
  }

  /** Drops every timer. */
  public void clear() {
    Arrays.fill(timers, 0, size, null);
    size = 0;
    cancelledCount = 0;
  }

  /** Keeps the live timers, then restores the heap order bottom-up (Floyd's heapify, linear in the size). */
  private void compact() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!isCancelled.test(timerAt(i))) {
        timers[kept] = timers[i];
        deadlines[kept] = deadlines[i];
        ties[kept] = ties[i];
        kept++;
      }
    }
    Arrays.fill(timers, kept, size, null);
    size = kept;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, timers[i], deadlines[i], ties[i]);
    }
  }

  private void siftUp(int hole, Object timer, long when, long tie) {
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      if (!before(when, tie, deadlines[parent], ties[parent])) {
        break;
      }
      moveTo(hole, parent);
      hole = parent;
    }
    place(hole, timer, when, tie);
  }

  private void siftDown(int hole, @Nullable Object timer, long when, long tie) {
    int half = size >>> 1; // the holes below it have no children
    while (hole < half) {
      int child = 2 * hole + 1;
      int right = child + 1;
      if (right < size && before(deadlines[right], ties[right], deadlines[child], ties[child])) {
        child = right;
      }
      if (!before(deadlines[child], ties[child], when, tie)) {
        break;
      }
      moveTo(hole, child);
      hole = child;
    }
    place(hole, timer, when, tie);
  }

  private static boolean before(long when, long tie, long otherWhen, long otherTie) {
    return when < otherWhen || (when == otherWhen && tie < otherTie);
  }

  private void moveTo(int hole, int from) {
    timers[hole] = timers[from];
    deadlines[hole] = deadlines[from];
    ties[hole] = ties[from];
  }

  private void place(int hole, @Nullable Object timer, long when, long tie) {
    timers[hole] = timer;
    deadlines[hole] = when;
    ties[hole] = tie;
  }

  @SuppressWarnings("unchecked") // every slot below size holds an E that add() was given
  private E timerAt(int i) {
    return (E) requireNonNull(timers[i]);
  }
}
