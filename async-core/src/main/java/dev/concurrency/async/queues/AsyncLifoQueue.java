package dev.concurrency.async.queues;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A last-in, first-out queue (a stack) for the tasks of one event loop: {@link #get()} returns the item put
 * most recently.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=lifoQueue}
 *
 * <p>Everything else (bounds, suspension, cancellation, {@code taskDone}/{@code join}, shutdown) is as {@link
 * AsyncQueue}. <b>Thread-safety:</b> loop-confined. <b>Memory consistency:</b> as {@link AsyncQueue}.
 *
 * <p><b>Python:</b> {@code asyncio.LifoQueue}.
 *
 * @param <E> the type of the items
 */
public final class AsyncLifoQueue<E> extends AsyncQueue<E> {

  /**
   * A LIFO queue holding at most {@code maxsize} items ({@code <= 0}: unbounded).
   *
   * @param maxsize the most items the queue holds; zero or less for no bound
   */
  public AsyncLifoQueue(int maxsize) {
    super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
  }
}
