package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion lock in shared memory whose holder is recorded, so that a holder that died is noticed and
 * its lock taken over: the robust-mutex idea of POSIX ({@code PTHREAD_MUTEX_ROBUST}) without the kernel.
 *
 * <pre>
 * word 0  holder: pid (high 32 bits) and thread number (low 32 bits), 0 when free
 * word 1  the holder word that word 2 belongs to
 * word 2  the holder's process start ({@link Liveness#startMark}), to tell a reused pid from the holder
 * word 3  hold count (1 for a plain lock; the recursion depth of a reentrant one)
 * word 4  1 if the holder took the lock over from a dead holder
 * </pre>
 *
 * <p>Acquiring is a compare-and-set of word 0 from 0 to the caller's holder word; a waiter polls it (see
 * {@link Backoff}). On contention, and then every {@value #LIVENESS_CHECK_MILLIS} ms of waiting, a waiter asks
 * whether the holder is alive (its process, with the recorded start time; or, in this JVM, its thread), and if
 * not it takes the lock over with a compare-and-set from the dead holder's word, so that exactly one waiter wins.
 * The start time is trusted only if word 1 names the current holder before and after word 2 is read; otherwise
 * the pid alone decides, which cannot mistake a live holder for a dead one.
 *
 * <p>Thread-safe and process-safe. Memory consistency effects: a release (volatile writes, the last to word 0)
 * <i>happens-before</i> the acquire that sees word 0 free (a compare-and-set), in any process.
 */
public final class RobustLock {

  /** How many words of shared memory a lock takes. */
  public static final int WORDS = 5;

  /** How often a waiter checks that the holder is alive. */
  public static final long LIVENESS_CHECK_MILLIS = 50;

  private static final int HOLDER = 0;
  private static final int START_HOLDER = 1;
  private static final int START = 2;
  private static final int COUNT = 3;
  private static final int RECOVERED = 4;

  private final Words words;
  private final boolean reentrant;

  /** A lock in {@code words} (its first {@link #WORDS}); reentrant like Python's {@code RLock} if asked. */
  public RobustLock(Words words, boolean reentrant) {
    this.words = requireNonNull(words, "words");
    this.reentrant = reentrant;
  }

  /** The value of a deadline that never comes. */
  public static final long FOREVER = Long.MAX_VALUE;

  /** How an attempt ended. */
  private enum Outcome {
    ACQUIRED,
    TIMED_OUT,
    INTERRUPTED
  }

  /**
   * Acquires the lock, waiting until {@code deadline} ({@link System#nanoTime()}; a deadline already passed tries
   * once, {@link #FOREVER} waits as long as it takes).
   *
   * @param interruptible whether an interrupt ends the wait
   * @return whether the lock was acquired
   * @throws InterruptedException if interruptible and interrupted while waiting
   * @throws IllegalStateException if a plain lock's holder waits for it without a deadline (it would wait for
   *     ever)
   */
  public boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
    Outcome outcome = attempt(deadline, interruptible);
    if (outcome == Outcome.INTERRUPTED) {
      throw new InterruptedException("interrupted while waiting for a shared lock");
    }
    return outcome == Outcome.ACQUIRED;
  }

  /** Acquires the lock, waiting as long as it takes; an interrupt does not end the wait (it stays set). */
  public void acquireUninterruptibly() {
    attempt(FOREVER, /* interruptible= */ false);
  }

  private Outcome attempt(long deadline, boolean interruptible) {
    long me = ThreadKeys.currentHolder();
    if (words.get(HOLDER) == me) {
      if (reentrant) {
        words.set(COUNT, words.get(COUNT) + 1);
        return Outcome.ACQUIRED;
      }
      if (deadline == FOREVER) {
        throw new IllegalStateException("this thread already holds the lock, which is not reentrant: acquiring it"
            + " again would wait for ever (use SharedRLock for a reentrant lock)");
      }
    }
    Backoff backoff = new Backoff();
    long nextCheck = 0;
    while (true) {
      long holder = words.get(HOLDER);
      if (holder == 0) {
        if (words.compareAndSet(HOLDER, 0, me)) {
          acquired(me, /* recovered= */ false);
          return Outcome.ACQUIRED;
        }
        continue;
      }
      long now = System.nanoTime();
      if (holder != me && now - nextCheck >= 0) {
        if (!holderAlive(holder) && words.compareAndSet(HOLDER, holder, me)) {
          acquired(me, /* recovered= */ true);
          return Outcome.ACQUIRED;
        }
        nextCheck = now + TimeUnit.MILLISECONDS.toNanos(LIVENESS_CHECK_MILLIS);
      }
      if (deadline != FOREVER && now - deadline >= 0) {
        return Outcome.TIMED_OUT;
      }
      if (interruptible && Thread.interrupted()) {
        return Outcome.INTERRUPTED;
      }
      backoff.pause(deadline);
    }
  }

  private void acquired(long me, boolean recovered) {
    words.set(START, Liveness.SELF_START);
    words.set(START_HOLDER, me);
    words.set(COUNT, 1);
    words.set(RECOVERED, recovered ? 1 : 0);
  }

  private boolean holderAlive(long holder) {
    long startHolder = words.get(START_HOLDER);
    long start = words.get(START);
    boolean startIsTheHolders = startHolder == holder && words.get(START_HOLDER) == holder;
    return ThreadKeys.holderAlive(holder, startIsTheHolders ? start : 0);
  }

  /**
   * Releases one hold; the last one frees the lock.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold it
   */
  public void release() {
    checkHeld("release");
    long count = words.get(COUNT);
    if (count > 1) {
      words.set(COUNT, count - 1);
      return;
    }
    free();
  }

  private void free() {
    words.set(RECOVERED, 0);
    words.set(START_HOLDER, 0);
    words.set(START, 0);
    words.set(COUNT, 0);
    words.set(HOLDER, 0); // last: the release
  }

  /**
   * Releases every hold at once, for a condition wait.
   *
   * @return how many holds there were, for {@link #reacquire}
   * @throws IllegalMonitorStateException if the calling thread does not hold it
   */
  public int releaseAll() {
    checkHeld("wait on a condition of");
    int count = (int) words.get(COUNT);
    free();
    return count;
  }

  /** Acquires again after a condition wait, without an interrupt ending it, and restores the hold count. */
  public void reacquire(int count) {
    acquireUninterruptibly();
    words.set(COUNT, count);
  }

  private void checkHeld(String what) {
    if (words.get(HOLDER) != ThreadKeys.currentHolder()) {
      throw new IllegalMonitorStateException("cannot " + what + " a lock this thread does not hold");
    }
  }

  /** Whether the calling thread holds the lock. */
  public boolean isHeldByCurrentThread() {
    return words.get(HOLDER) == ThreadKeys.currentHolder();
  }

  /** How many holds the calling thread has (0 if it does not hold the lock). */
  public int holdCount() {
    return isHeldByCurrentThread() ? (int) words.get(COUNT) : 0;
  }

  /** Whether some thread of some process holds the lock now. */
  public boolean isLocked() {
    return words.get(HOLDER) != 0;
  }

  /** The holder word (pid high, thread number low), or 0 if free. */
  public long holderWord() {
    return words.get(HOLDER);
  }

  /** The holder's hold count (0 if free). */
  public long count() {
    return words.get(COUNT);
  }

  /** The pid of the holder, or 0 if free. */
  public long holderPid() {
    return ThreadKeys.pidOf(words.get(HOLDER));
  }

  /** Whether the calling thread holds the lock and took it over from a holder that died. */
  public boolean recoveredFromDeadHolder() {
    return isHeldByCurrentThread() && words.get(RECOVERED) != 0;
  }
}
