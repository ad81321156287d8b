package dev.concurrency.threads;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Python's module-level {@code concurrent.futures.wait} and {@code as_completed}, for any {@link
 * CompletableFuture}s: those of a {@link ThreadPool}, of {@code CompletableFuture.supplyAsync}, or of any
 * other {@code CompletionStage} through {@code toCompletableFuture()}.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=wait-for}
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=as-completed}
 *
 * <p>Stateless and thread-safe. Memory consistency: a future seen in a {@code done} set or yielded by {@code
 * asCompleted} is complete, and its task's actions happen-before the caller's reading of it.
 */
public final class ConcurrentFutures {

  private ConcurrentFutures() {}

  /**
   * Waits until the condition {@code returnWhen} holds or the timeout elapses, then partitions the futures into
   * done and not done. Python's {@code wait(fs, timeout, return_when)}; named {@code waitFor} because every
   * Java object already has a {@code wait}.
   *
   * <p>Ends when the condition holds (at once if it already does), when the timeout elapses (the sets then show
   * the state at that moment; no exception), or by {@link InterruptedException}.
   *
   * @param futures the futures to wait for; duplicates count once
   * @param returnWhen when to return
   * @param timeout how long to wait at most; null waits without limit
   * @param <F> the future type
   * @return the futures done when it returned, and the rest
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if interrupted while waiting
   */
  public static <F extends CompletableFuture<?>> DoneAndNotDone<F> waitFor(
      Collection<F> futures, ReturnWhen returnWhen, @Nullable Duration timeout) throws InterruptedException {
    ImmutableSet<F> all = ImmutableSet.copyOf(requireNonNull(futures, "futures"));
    requireNonNull(returnWhen, "returnWhen: FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED");
    checkTimeout(timeout);
    CountDownLatch satisfied = new CountDownLatch(1);
    AtomicInteger pending = new AtomicInteger(all.size());
    if (all.isEmpty()) {
      satisfied.countDown();
    }
    for (F future : all) {
      future.whenComplete(
          (value, failure) -> {
            boolean last = pending.decrementAndGet() == 0;
            boolean hit =
                switch (returnWhen) {
                  case FIRST_COMPLETED -> true;
                  case FIRST_EXCEPTION -> last || (failure != null && !future.isCancelled());
                  case ALL_COMPLETED -> last;
                };
            if (hit) {
              satisfied.countDown();
            }
          });
    }
    if (timeout == null) {
      satisfied.await();
    } else {
      satisfied.await(Deadline.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }
    ImmutableSet.Builder<F> done = ImmutableSet.builder();
    ImmutableSet.Builder<F> notDone = ImmutableSet.builder();
    for (F future : all) {
      (future.isDone() ? done : notDone).add(future);
    }
    return new DoneAndNotDone<>(done.build(), notDone.build());
  }

  /**
   * The futures in the order they complete, each once (duplicates are dropped), as Python's {@code
   * as_completed(fs, timeout)}. Futures already done when this is called come first, in the order given; the
   * others follow as they complete. Iterating blocks until the next one is done; the timeout counts from this
   * call for the whole iteration.
   *
   * @param futures the futures; duplicates count once
   * @param timeout the deadline for the last future, from now; null waits without limit
   * @param <F> the future type
   * @return the futures, in the order they complete
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <F extends CompletableFuture<?>> AsCompleted<F> asCompleted(
      Collection<F> futures, @Nullable Duration timeout) {
    requireNonNull(futures, "futures");
    checkTimeout(timeout);
    return new AsCompleted<>(ImmutableSet.copyOf(futures), timeout);
  }

  static void checkTimeout(@Nullable Duration timeout) {
    checkArgument(
        timeout == null || !timeout.isNegative(),
        "timeout must not be negative, got %s; pass null to wait without limit",
        timeout);
  }
}
