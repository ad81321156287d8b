package dev.concurrency.async.queues;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.sync.AsyncEvent;
import java.util.ArrayDeque;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/**
 * A first-in, first-out queue for the tasks of one event loop, optionally bounded: producers {@link #put}
 * items, consumers {@link #get} them, and either side suspends while the queue is full or empty.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=queue}
 *
 * <p><b>Semantics.</b> {@code maxsize <= 0} means unbounded. {@link #put} and {@link #get} return at once when
 * they can, otherwise the task suspends until a slot or an item frees up; suspended producers and consumers are
 * woken one at a time, in FIFO order. {@link #putNowait} and {@link #getNowait} never suspend and fail with
 * {@link QueueFullException} / {@link QueueEmptyException} instead. Each {@code put} counts an unfinished task;
 * {@link #taskDone()} counts one finished, and {@link #join()} waits until none is left. {@link
 * #shutdown(boolean)} closes the queue: puts fail with {@link QueueShutDownException}; gets drain what is left
 * (graceful) or fail at once (immediate, which also discards the items).
 *
 * <p><b>Cancellation.</b> A task cancelled while suspended in {@code put} or {@code get} throws {@link
 * CancelledError} and has not put or taken anything; if it had been woken already, the wake-up passes to the
 * next waiter, so nobody is stranded.
 *
 * <p><b>Thread-safety.</b> Loop-confined: only the tasks and callbacks of one event loop may use it; other
 * threads go through {@link dev.concurrency.async.EventLoop#callSoonThreadsafe}. It is not a {@link
 * java.util.concurrent.BlockingQueue}: it suspends tasks, never threads.
 *
 * <p><b>Memory consistency.</b> Actions of a task before it puts an item happen-before the actions of the task
 * that gets it (the loop's baton orders them); likewise {@code taskDone} before {@code join} returns.
 *
 * <p><b>Python:</b> {@code asyncio.Queue} (3.13, with {@code shutdown}). Differences: {@code QueueEmpty},
 * {@code QueueFull} and {@code QueueShutDown} are {@link QueueEmptyException}, {@link QueueFullException} and
 * {@link QueueShutDownException}; too many {@code taskDone()} calls throw {@link IllegalStateException} (Python:
 * {@code ValueError}); {@code null} items are not allowed.
 *
 * @param <E> the type of the items
 */
public sealed class AsyncQueue<E> permits AsyncLifoQueue, AsyncPriorityQueue {

  private static final String NULL_ITEM =
      "a queue item must not be null; to pass \"no value\", put an Optional or a marker object";

  private final Queue<E> items;
  private final int maxsize;
  private final ArrayDeque<AsyncFuture<@Nullable Void>> getters = new ArrayDeque<>();
  private final ArrayDeque<AsyncFuture<@Nullable Void>> putters = new ArrayDeque<>();
  private final AsyncEvent finished = new AsyncEvent();
  private int unfinishedTasks;
  private boolean shutDown;

  /**
   * An unbounded FIFO queue. */
  public AsyncQueue() {
    this(0);
  }

  /**
   * A FIFO queue holding at most {@code maxsize} items ({@code <= 0}: unbounded).
   *
   * @param maxsize the most items the queue holds; zero or less for no bound
   */
  public AsyncQueue(int maxsize) {
    this(maxsize, new ArrayDeque<>());
  }

  AsyncQueue(int maxsize, Queue<E> items) {
    this.maxsize = maxsize;
    this.items = items;
    finished.set();
  }

  /**
   * The number of items in the queue.
   *
   * @return how many items are queued
   */
  public final int qsize() {
    return items.size();
  }

  /**
   * The bound given at construction ({@code <= 0}: unbounded).
   *
   * @return the bound; zero or less for none
   */
  public final int maxsize() {
    return maxsize;
  }

  /**
   * Whether the queue holds no item.
   *
   * @return {@code true} if no item is queued
   */
  public final boolean empty() {
    return items.isEmpty();
  }

  /**
   * Whether the queue is bounded and holds {@code maxsize} items.
   *
   * @return {@code true} if a {@link #put} would suspend now
   */
  public final boolean full() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  /**
   * Puts {@code item} into the queue, suspending the calling task while the queue is full.
   *
   * <p>Ends in one of these ways: returns with the item queued; throws {@link QueueShutDownException} if the
   * queue is or becomes shut down (the item is not queued); throws {@link CancelledError} if the task is
   * cancelled while it waits (the item is not queued).
   *
   * @param item the item; not {@code null}
   * @throws IllegalStateException if it must wait and is called outside a task
   */
  public final void put(E item) {
    requireNonNull(item, NULL_ITEM);
    while (full()) {
      if (shutDown) {
        throw shutDownError("put");
      }
      suspend(putters, "put");
    }
    putNowait(item);
  }

  /**
   * Puts {@code item} into the queue if there is room, without suspending.
   *
   * @param item the item; not {@code null}
   * @throws QueueFullException if the queue is full
   * @throws QueueShutDownException if the queue is shut down
   */
  public final void putNowait(E item) {
    requireNonNull(item, NULL_ITEM);
    if (shutDown) {
      throw shutDownError("putNowait");
    }
    if (full()) {
      throw new QueueFullException(
          "putNowait() on a full queue (maxsize " + maxsize + "); use put() to wait for room");
    }
    items.add(item);
    unfinishedTasks++;
    finished.clear();
    wakeupNext(getters);
  }

  /**
   * Removes and returns an item, suspending the calling task while the queue is empty.
   *
   * <p>Ends in one of these ways: returns the next item; throws {@link QueueShutDownException} if the queue is
   * shut down and empty (at once after an immediate shutdown); throws {@link CancelledError} if the task is
   * cancelled while it waits (nothing is taken).
   *
   * @return the next item
   * @throws IllegalStateException if it must wait and is called outside a task
   */
  public final E get() {
    while (items.isEmpty()) {
      if (shutDown) {
        throw shutDownError("get");
      }
      suspend(getters, "get");
    }
    return getNowait();
  }

  /**
   * Removes and returns an item if one is there, without suspending.
   *
   * @return the next item
   * @throws QueueEmptyException if the queue is empty
   * @throws QueueShutDownException if the queue is empty and shut down
   */
  public final E getNowait() {
    E item = items.poll();
    if (item == null) {
      if (shutDown) {
        throw shutDownError("getNowait");
      }
      throw new QueueEmptyException("getNowait() on an empty queue; use get() to wait for an item");
    }
    wakeupNext(putters);
    return item;
  }

  /**
   * Marks one item taken from the queue as processed; when every item put so far is processed, {@link #join()}
   * returns.
   *
   * @throws IllegalStateException if called more times than items were put
   */
  public final void taskDone() {
    if (unfinishedTasks <= 0) {
      throw new IllegalStateException(
          "taskDone() called more times than items were put; call it once per item taken with get()");
    }
    unfinishedTasks--;
    if (unfinishedTasks == 0) {
      finished.set();
    }
  }

  /**
   * Suspends the calling task until every item put has been marked done with {@link #taskDone()}; returns at
   * once if none is unfinished.
   *
   * @throws CancelledError if the task is cancelled while it waits
   */
  public final void join() {
    if (unfinishedTasks > 0) {
      finished.await();
    }
  }

  /**
   * Shuts the queue down gracefully: the same as {@link #shutdown(boolean) shutdown(false)}.
   *
   * <p><b>Python:</b> {@code Queue.shutdown()}.
   */
  public final void shutdown() {
    shutdown(/* immediate= */ false);
  }

  /**
   * Shuts the queue down: later puts throw {@link QueueShutDownException}, and so do gets once the queue is
   * empty; every suspended {@code put} and {@code get} is woken to see that. With {@code immediate}, the items
   * still queued are discarded (and counted as done for {@link #join()}), so gets fail at once.
   *
   * <p><b>Python:</b> {@code Queue.shutdown(immediate=False)}.
   *
   * @param immediate whether to discard the queued items too, so that gets fail at once
   */
  public final void shutdown(boolean immediate) {
    shutDown = true;
    if (immediate) {
      while (items.poll() != null) {
        if (unfinishedTasks > 0) {
          unfinishedTasks--;
        }
      }
      if (unfinishedTasks == 0) {
        finished.set();
      }
    }
    wakeAll(getters);
    wakeAll(putters);
  }

  /**
   * Whether {@link #shutdown(boolean)} was called.
   *
   * @return {@code true} once the queue is shut down
   */
  public final boolean isShutDown() {
    return shutDown;
  }

  /** The number of items put and not yet marked done.
   *
   * @return the count {@link #join()} waits to reach zero
   */
  public final int unfinishedTasks() {
    return unfinishedTasks;
  }

  /** Suspends on a new future at the tail of {@code waiters}; see {@link #put} for the cancellation rules. */
  private void suspend(ArrayDeque<AsyncFuture<@Nullable Void>> waiters, String what) {
    AsyncTask<?> task = AsyncIO.currentTask();
    if (task == null) {
      throw new IllegalStateException(
          what + "() must wait here, so it must be called from a task of a running event loop;"
              + " from a callback use " + what + "Nowait()");
    }
    AsyncFuture<@Nullable Void> waiter = task.getLoop().createFuture();
    waiters.addLast(waiter);
    try {
      waiter.await();
    } catch (CancelledError e) {
      waiter.cancel(); // in case it was not done yet
      waiters.removeFirstOccurrence(waiter);
      // Woken just before the cancellation arrived: hand the wake-up on.
      boolean canProceed = waiters == putters ? !full() : !items.isEmpty();
      if (canProceed && !waiter.cancelled()) {
        wakeupNext(waiters);
      }
      throw e;
    }
  }

  private static void wakeupNext(ArrayDeque<AsyncFuture<@Nullable Void>> waiters) {
    AsyncFuture<@Nullable Void> w;
    while ((w = waiters.pollFirst()) != null) {
      if (!w.done()) {
        w.setResult(null);
        return;
      }
    }
  }

  private static void wakeAll(ArrayDeque<AsyncFuture<@Nullable Void>> waiters) {
    AsyncFuture<@Nullable Void> w;
    while ((w = waiters.pollFirst()) != null) {
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  private QueueShutDownException shutDownError(String what) {
    return new QueueShutDownException(
        what + "() on a queue that was shut down" + (what.startsWith("put") ? "; no more items are accepted"
            : " and is empty; the producer has finished"));
  }

  /**
   * What asyncio's {@code str(queue)} shows, in its order: the bound, the items (in the order of the underlying
   * collection), the suspended getters and putters, the unfinished tasks and the shutdown, each only when there is
   * something to show; for example {@code AsyncQueue[maxsize=1, items=[1], putters=1, tasks=1]}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(getClass().getSimpleName()).append("[maxsize=").append(maxsize);
    if (!items.isEmpty()) {
      s.append(", items=").append(items);
    }
    if (!getters.isEmpty()) {
      s.append(", getters=").append(getters.size());
    }
    if (!putters.isEmpty()) {
      s.append(", putters=").append(putters.size());
    }
    if (unfinishedTasks > 0) {
      s.append(", tasks=").append(unfinishedTasks);
    }
    if (shutDown) {
      s.append(", shut down");
    }
    return s.append(']').toString();
  }
}
