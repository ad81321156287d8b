package dev.concurrency.examples.sync;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The dining philosophers' table the {@code dining-*} examples share: five philosophers, five forks between
 * them, fork {@code i} on philosopher {@code i}'s left and fork {@code i + 1} on the right. Each example
 * supplies only how a philosopher takes the forks.
 */
final class DiningTable {

  static final int SEATS = 5;

  /** How one philosopher takes the forks for one meal, eats ({@code meal.run()}) and puts them down. */
  @FunctionalInterface
  interface Manners {
    void dine(int seat, Runnable meal) throws Exception;
  }

  private DiningTable() {}

  static int left(int seat) {
    return seat;
  }

  static int right(int seat) {
    return (seat + 1) % SEATS;
  }

  /**
   * Seats five philosopher threads, each eating {@code meals} times with the given manners; waits for all
   * (bounded) and returns the meals each ate. A philosopher's failure is rethrown here.
   */
  static int[] dine(int meals, Manners manners) throws Exception {
    AtomicIntegerArray eaten = new AtomicIntegerArray(SEATS);
    ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    List<Thread> philosophers = new ArrayList<>();
    for (int seat = 0; seat < SEATS; seat++) {
      int me = seat;
      philosophers.add(
          Thread.ofPlatform()
              .name("philosopher-" + me)
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < meals; i++) {
                        manners.dine(me, () -> eaten.incrementAndGet(me));
                      }
                    } catch (Exception failure) {
                      failures.add(failure);
                    }
                  }));
    }
    for (Thread philosopher : philosophers) {
      if (!philosopher.join(java.time.Duration.ofSeconds(60))) {
        throw new IllegalStateException(philosopher.getName() + " is still at the table after 60 s");
      }
    }
    Exception first = failures.poll();
    if (first != null) {
      failures.forEach(first::addSuppressed);
      throw first;
    }
    int[] result = new int[SEATS];
    for (int i = 0; i < SEATS; i++) {
      result[i] = eaten.get(i);
    }
    return result;
  }

  /** Prints the outcome line the fixed versions share, and checks that nobody starved. */
  static void report(PrintStream out, int meals, int[] eaten, long startNanos) {
    for (int count : eaten) {
      if (count != meals) {
        throw new IllegalStateException("a philosopher ate " + count + " of " + meals + " meals");
      }
    }
    out.println("every philosopher ate " + meals + " meals: " + Arrays.toString(eaten));
    out.println(
        "no deadlock; "
            + (SEATS * meals)
            + " meals in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
            + " ms");
  }
}
