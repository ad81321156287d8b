package dev.concurrency.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;

/**
 * Deadlock avoidance by back-off: take a set of locks all or nothing, and when one is busy give back the
 * ones taken and retry after a random pause, until a deadline.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=backoff}
 *
 * <p>No thread ever waits while holding one of the locks, so no cycle of waiting threads can form, in
 * whatever order threads name the locks. The random, doubling pause (between {@code minPause} and
 * {@code maxPause}) breaks the symmetry that would otherwise let two threads retry in lock step forever
 * (livelock). The price: a thread may retry many times under contention, and fairness is not promised.
 *
 * <p>This class is immutable and thread-safe.
 *
 * <p><b>Python:</b> none built in; the usual pattern is {@code lock.acquire(blocking=False)} in a loop with
 * {@code time.sleep(random.uniform(...))}.
 */
public final class Backoff {

  private final long minPauseNanos;
  private final long maxPauseNanos;

  private Backoff(long minPauseNanos, long maxPauseNanos) {
    this.minPauseNanos = minPauseNanos;
    this.maxPauseNanos = maxPauseNanos;
  }

  /**
   * Pauses from 10 microseconds doubling up to 10 milliseconds.
   *
   * @return the back-off
   */
  public static Backoff create() {
    return new Backoff(TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(10));
  }

  /**
   * Pauses from {@code minPause} doubling up to {@code maxPause}.
   *
    * @param minPause the first pause after a failed attempt, more than zero
    * @param maxPause the longest pause, at least {@code minPause}
    * @return the back-off
   * @throws IllegalArgumentException if {@code minPause} is not positive or is above {@code maxPause}
   */
  public static Backoff between(Duration minPause, Duration maxPause) {
    long min = Durations.nanos(minPause);
    long max = Durations.nanos(maxPause);
    checkArgument(min > 0 && min <= max, "need 0 < minPause <= maxPause, got %s and %s", minPause, maxPause);
    return new Backoff(min, max);
  }

  /**
   * As {@link #acquireAll(Duration, List)}.
   *
   * @param timeout how long to keep trying in all; {@link Duration#ZERO} tries once
   * @param locks the locks to take together, in any order
   * @return one handle that releases all the locks
   * @throws InterruptedException if interrupted while pausing; none is then held
   * @throws TimeoutException if the locks could not all be taken in time; none is then held
   */
  public LockSet acquireAll(Duration timeout, Lock... locks) throws InterruptedException, TimeoutException {
    return acquireAll(timeout, Arrays.asList(locks));
  }

  /**
   * Takes every lock or none: tries each without waiting; if one is busy, releases the others, pauses a
   * random while and tries again, until all are taken or {@code timeout} has passed.
   *
    * @param timeout how long to keep trying in all; {@link Duration#ZERO} tries once
    * @param locks the locks to take together, in any order
   * @return one handle that releases all the locks
   * @throws TimeoutException if the locks could not all be taken in time; none is then held
   * @throws InterruptedException if interrupted while pausing; none is then held
   * @throws IllegalArgumentException if {@code timeout} is negative or no lock is given
   */
  public LockSet acquireAll(Duration timeout, List<? extends Lock> locks)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Durations.nanos(timeout);
    List<Lock> wanted = List.copyOf(locks);
    checkArgument(!wanted.isEmpty(), "no lock to acquire");
    long pause = minPauseNanos;
    for (int attempt = 1; ; attempt++) {
      List<Lock> taken = tryAll(wanted);
      if (taken.size() == wanted.size()) {
        return new LockSet(taken);
      }
      LockSet.releaseAll(taken);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "could not take all of " + wanted + " within " + timeout + " (" + attempt + " attempts)");
      }
      long jittered = ThreadLocalRandom.current().nextLong(pause / 2, pause + 1);
      // the back-off itself: a pause in real time that lets the other contenders finish; nothing waits for it
      TimeUnit.NANOSECONDS.sleep(Math.min(left, jittered));
      pause = Math.min(maxPauseNanos, pause * 2);
    }
  }

  /** Takes locks in order until one is busy; returns those taken. */
  private static List<Lock> tryAll(List<Lock> wanted) {
    List<Lock> taken = new ArrayList<>(wanted.size());
    for (Lock lock : wanted) {
      if (!requireNonNull(lock, "lock").tryLock()) {
        break;
      }
      taken.add(lock);
    }
    return taken;
  }
}
