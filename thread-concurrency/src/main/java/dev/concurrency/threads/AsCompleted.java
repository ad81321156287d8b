package dev.concurrency.threads;

import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.UncheckedTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The futures of one {@link ConcurrentFutures#asCompleted} call, yielded as they complete.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=as-completed}
 *
 * <p>{@link #take()} waits for the next one with checked exceptions; the {@link Iterator} view wraps them: a
 * timeout as Guava's {@link UncheckedTimeoutException}, an interrupt as a {@link CancellationException} with the
 * thread's interrupt status set again.
 *
 * <p>Not thread-safe: one thread iterates. Memory consistency: a yielded future is done, and its task's actions
 * happen-before the iterating thread reads it.
 *
 * <p><b>Python:</b> the iterator returned by {@code concurrent.futures.as_completed}.
 *
 * @param <F> the future type
 */
public final class AsCompleted<F extends CompletableFuture<?>> implements Iterable<F>, Iterator<F> {

  private final LinkedBlockingQueue<F> completed = new LinkedBlockingQueue<>();
  private final int total;
  private final @Nullable Deadline deadline;
  private int yielded;

  AsCompleted(ImmutableSet<F> futures, @Nullable Duration timeout) {
    this.total = futures.size();
    this.deadline = timeout == null ? null : Deadline.after(timeout);
    for (F future : futures) {
      future.whenComplete((value, failure) -> completed.add(future));
    }
  }

  /** Whether some future has not been yielded yet. */
  @Override
  public boolean hasNext() {
    return yielded < total;
  }

  /**
   * The next future to complete, waiting for it if none is done yet.
   *
   * @return the next done future
   * @throws NoSuchElementException if every future has been yielded
   * @throws TimeoutException if the deadline passes first; the message says how many are still pending, in
   *     Python's words ({@code "2 (of 4) futures unfinished"})
   * @throws InterruptedException if interrupted while waiting
   */
  public F take() throws InterruptedException, TimeoutException {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + total + " futures have been yielded");
    }
    F next = deadline == null ? completed.take() : completed.poll(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    if (next == null) {
      throw new TimeoutException((total - yielded) + " (of " + total + ") futures unfinished");
    }
    yielded++;
    return next;
  }

  /** {@link #take()} with unchecked exceptions; see the class comment. */
  @Override
  public F next() {
    try {
      return take();
    } catch (TimeoutException e) {
      throw new UncheckedTimeoutException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("interrupted while waiting for the next future");
      c.initCause(e);
      throw c;
    }
  }

  /** This iterator itself: an {@code AsCompleted} can be iterated once. */
  @Override
  public Iterator<F> iterator() {
    return this;
  }
}
