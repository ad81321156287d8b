package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The waiters of a condition variable in shared memory, in the order they came: a fixed table of slots, each a
 * ticket, a holder word and start time (see {@link RobustLock}), and a state.
 *
 * <pre>
 * word 0          the last ticket given
 * slot i (4 words from 1 + 4 i): ticket (0 when free), holder, start time, state
 * state           0 free, 1 waiting, 2 notified, 3 abandoned (timed out or interrupted)
 * </pre>
 *
 * <p>A waiter takes a slot and a ticket while it holds the condition's lock, releases the lock, and polls its
 * slot's state. A notifier, holding the lock, moves the oldest waiting slots to "notified" with a
 * compare-and-set; a waiter that gives up moves its own slot from "waiting" to "abandoned" with a compare-and-set;
 * so each slot is either woken or given up, never both, and a notification is never spent on a waiter that left.
 * A notifier skips (and frees) the slot of a waiter whose process or thread is dead. A waiter frees its slot
 * after it holds the lock again; every change from or to "free" is made holding the lock.
 *
 * <p>Thread-safe and process-safe, given that callers hold the condition's lock where said.
 */
public final class WaiterTable {

  private static final int FREE = 0;
  private static final int WAITING = 1;
  private static final int NOTIFIED = 2;
  private static final int ABANDONED = 3;

  private static final int SLOT_WORDS = 4;
  private static final int TICKET = 0;
  private static final int HOLDER = 1;
  private static final int START = 2;
  private static final int STATE = 3;

  /** How a wait ended. */
  public enum Outcome {
    /** A notifier woke this waiter. */
    NOTIFIED,
    /** The deadline passed first. */
    TIMED_OUT,
    /** The thread was interrupted first. */
    INTERRUPTED
  }

  private final Words words;
  private final int capacity;
  private final String limitName;

  /**
   * A table of {@code capacity} slots in {@code words} (at least {@link #words(int)} of them).
   *
   * @param limitName the setting that sets the capacity, for the error when the table is full
   */
  public WaiterTable(Words words, int capacity, String limitName) {
    this.words = requireNonNull(words, "words");
    this.capacity = capacity;
    this.limitName = requireNonNull(limitName, "limitName");
    if (words.slots() < words(capacity)) {
      throw new IllegalArgumentException(capacity + " waiters need " + words(capacity) + " words");
    }
  }

  /** How many words a table of {@code capacity} waiters takes. */
  public static int words(int capacity) {
    return 1 + SLOT_WORDS * capacity;
  }

  /**
   * Takes a slot for the calling thread, which holds the condition's lock and is about to release it and wait.
   *
   * @return the slot
   * @throws IllegalStateException if every slot is taken by a live waiter
   */
  public int enlist() {
    for (int slot = 0; slot < capacity; slot++) {
      if (word(slot, STATE) == FREE) {
        return take(slot);
      }
    }
    for (int slot = 0; slot < capacity; slot++) { // full: a slot of a waiter that died will do
      if (word(slot, STATE) == WAITING && !alive(slot) && casWord(slot, WAITING, ABANDONED)) {
        return take(slot);
      }
    }
    throw new IllegalStateException("more than " + capacity + " threads wait on this condition at once; raise "
        + limitName);
  }

  private int take(int slot) {
    setWord(slot, HOLDER, ThreadKeys.currentHolder());
    setWord(slot, START, Liveness.SELF_START);
    setWord(slot, TICKET, words.getAndAdd(0, 1) + 1);
    setWord(slot, STATE, WAITING); // last: a notifier takes the slot for a waiter from here on
    return slot;
  }

  /**
   * Waits, without the lock, until notified or until {@code deadline}.
   *
   * @param interruptible whether an interrupt ends the wait
   */
  public Outcome await(int slot, long deadline, boolean interruptible) {
    Backoff backoff = new Backoff();
    while (word(slot, STATE) == WAITING) {
      boolean interrupted = interruptible && Thread.currentThread().isInterrupted();
      if (interrupted || Deadline.passed(deadline)) {
        if (casWord(slot, WAITING, ABANDONED)) {
          if (interrupted) {
            Thread.interrupted(); // the caller reports it by an exception
          }
          return interrupted ? Outcome.INTERRUPTED : Outcome.TIMED_OUT;
        }
        break; // notified meanwhile: the notification counts, and the interrupt stays set
      }
      backoff.pause(deadline);
    }
    return Outcome.NOTIFIED;
  }

  /** Gives the slot back; the caller holds the lock again. */
  public void leave(int slot) {
    setWord(slot, TICKET, 0);
    setWord(slot, STATE, FREE);
  }

  /**
   * Wakes the {@code n} longest-waiting live waiters (all, if fewer wait); the caller holds the lock.
   *
   * @return how many were woken
   */
  public int wake(int n) {
    List<Integer> waiting = new ArrayList<>();
    for (int slot = 0; slot < capacity; slot++) {
      if (word(slot, STATE) == WAITING) {
        waiting.add(slot);
      }
    }
    waiting.sort(Comparator.comparingLong(slot -> word(slot, TICKET)));
    int woken = 0;
    for (int slot : waiting) {
      if (woken >= n) {
        break;
      }
      if (!alive(slot)) {
        if (casWord(slot, WAITING, ABANDONED)) {
          leave(slot); // its waiter is gone and will not free it
        }
        continue;
      }
      if (casWord(slot, WAITING, NOTIFIED)) {
        woken++;
      }
    }
    return woken;
  }

  /** How many live waiters wait now (a snapshot). */
  public int waiting() {
    int count = 0;
    for (int slot = 0; slot < capacity; slot++) {
      if (word(slot, STATE) == WAITING && alive(slot)) {
        count++;
      }
    }
    return count;
  }

  private boolean alive(int slot) {
    return ThreadKeys.holderAlive(word(slot, HOLDER), word(slot, START));
  }

  private long word(int slot, int field) {
    return words.get(1 + SLOT_WORDS * slot + field);
  }

  private void setWord(int slot, int field, long value) {
    words.set(1 + SLOT_WORDS * slot + field, value);
  }

  private boolean casWord(int slot, long expected, long update) {
    return words.compareAndSet(1 + SLOT_WORDS * slot + STATE, expected, update);
  }
}
