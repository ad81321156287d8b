package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The work queue of a {@link ScheduledExecutor}'s workers: {@link ScheduledTaskFuture}s ordered by due time,
 * handed out by {@link #take()} only once due on the executor's {@link TimerClock}. It is the JDK's {@code
 * DelayQueue} idea with the clock injected: a {@code DelayQueue} waits in real time, so a test clock could not
 * wake it.
 *
 * <p>Thread-safe: one lock guards the heap; a waiting taker is woken by an insertion, a removal, or a jump of a
 * manual clock. Unbounded. {@link #drainTo} takes every task, due or not (what {@code shutdownNow} wants).
 */
final class DelayedTaskQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

  private final TimerClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Runnable unsubscribe;

  @GuardedBy("lock")
  private final PriorityQueue<ScheduledTaskFuture<?>> heap = new PriorityQueue<>();

  DelayedTaskQueue(TimerClock clock) {
    this.clock = requireNonNull(clock, "clock");
    this.unsubscribe = clock.onAdvance(this::wakeAll);
  }

  /** Stops listening to the clock; the queue still works, but a manual clock no longer wakes its takers. */
  void close() {
    unsubscribe.run();
  }

  @Override
  public boolean offer(Runnable task) {
    ScheduledTaskFuture<?> scheduled = cast(task);
    lock.lock();
    try {
      heap.add(scheduled);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return true;
  }

  @Override
  public void put(Runnable task) {
    offer(task);
  }

  @Override
  public boolean offer(Runnable task, long timeout, TimeUnit unit) {
    return offer(task);
  }

  /** Waits until the earliest task is due, then removes and returns it. */
  @Override
  public Runnable take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        ScheduledTaskFuture<?> first = heap.peek();
        if (first == null) {
          changed.await();
        } else if (clock.realWaitNanos(first.deadline()) <= 0) {
          return removeHead();
        } else {
          clock.await(changed, first.deadline());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #take()}, giving up after {@code timeout} of real time. */
  @Override
  public @Nullable Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        ScheduledTaskFuture<?> first = heap.peek();
        long wait = first == null ? left : clock.realWaitNanos(first.deadline());
        if (first != null && wait <= 0) {
          return removeHead();
        }
        if (left <= 0) {
          return null;
        }
        long before = System.nanoTime();
        changed.awaitNanos(Math.min(left, wait));
        left -= System.nanoTime() - before;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The earliest task if it is due, else null. */
  @Override
  public @Nullable Runnable poll() {
    lock.lock();
    try {
      ScheduledTaskFuture<?> first = heap.peek();
      return first != null && clock.realWaitNanos(first.deadline()) <= 0 ? removeHead() : null;
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private ScheduledTaskFuture<?> removeHead() {
    ScheduledTaskFuture<?> head = heap.remove();
    if (!heap.isEmpty()) {
      changed.signal(); // the next taker looks at the new head
    }
    return head;
  }

  @Override
  public @Nullable Runnable peek() {
    lock.lock();
    try {
      return heap.peek();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return heap.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public boolean remove(@Nullable Object o) {
    lock.lock();
    try {
      boolean removed = heap.remove(o);
      if (removed) {
        changed.signalAll(); // a taker waiting for this one's deadline looks at the new head
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean contains(@Nullable Object o) {
    lock.lock();
    try {
      return heap.contains(o);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      heap.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int drainTo(Collection<? super Runnable> target) {
    return drainTo(target, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> target, int maxElements) {
    requireNonNull(target, "target");
    if (target == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    lock.lock();
    try {
      int n = 0;
      while (n < maxElements && !heap.isEmpty()) {
        target.add(heap.remove());
        n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot, in no particular order; its {@code remove} removes from this queue. */
  @Override
  public Iterator<Runnable> iterator() {
    Object[] snapshot;
    lock.lock();
    try {
      snapshot = heap.toArray();
    } finally {
      lock.unlock();
    }
    return new Iterator<>() {
      private int next;
      private @Nullable Runnable last;

      @Override
      public boolean hasNext() {
        return next < snapshot.length;
      }

      @Override
      public Runnable next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = (Runnable) snapshot[next++];
        return last;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() has not been called since the last remove()");
        }
        DelayedTaskQueue.this.remove(last);
        last = null;
      }
    };
  }

  private void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static ScheduledTaskFuture<?> cast(Runnable task) {
    requireNonNull(task, "task");
    if (task instanceof ScheduledTaskFuture<?> scheduled) {
      return scheduled;
    }
    throw new IllegalArgumentException(
        "a scheduled executor's queue holds only ScheduledTaskFutures, got " + task.getClass().getName());
  }
}
