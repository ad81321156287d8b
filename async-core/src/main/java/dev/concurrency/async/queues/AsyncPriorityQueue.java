package dev.concurrency.async.queues;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A priority queue for the tasks of one event loop: {@link #get()} returns the smallest item.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=priorityQueue}
 *
 * <p>Items of equal priority come out in no particular order (it is a binary heap, like Python's {@code
 * heapq}); add a sequence number to the key when ties must be FIFO. Everything else is as {@link AsyncQueue}.
 * <b>Thread-safety:</b> loop-confined. <b>Memory consistency:</b> as {@link AsyncQueue}.
 *
 * <p><b>Python:</b> {@code asyncio.PriorityQueue}, where items are usually {@code (priority, data)} tuples;
 * here the order is a {@link Comparator}, or the items' natural order.
 *
 * @param <E> the type of the items
 */
public final class AsyncPriorityQueue<E> extends AsyncQueue<E> {

  /**
   * A priority queue of at most {@code maxsize} items ({@code <= 0}: unbounded), ordered by {@code order}.
   *
   * @param maxsize the most items the queue holds; zero or less for no bound
   * @param order the order of the items: {@link #get()} returns the smallest
   */
  public AsyncPriorityQueue(int maxsize, Comparator<? super E> order) {
    super(maxsize, new PriorityQueue<>(requireNonNull(order, "order")));
  }

  /**
   * A priority queue of at most {@code maxsize} items ({@code <= 0}: unbounded), in the items' natural order.
   * Items that are not {@link Comparable} fail with {@link ClassCastException} when put.
   *
   * @param maxsize the most items the queue holds; zero or less for no bound
   */
  public AsyncPriorityQueue(int maxsize) {
    super(maxsize, new PriorityQueue<>());
  }
}
