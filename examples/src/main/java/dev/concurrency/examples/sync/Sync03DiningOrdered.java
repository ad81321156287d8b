package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.LockOrdering;
import dev.concurrency.sync.LockSet;
import dev.concurrency.sync.Mutex;
import java.io.PrintStream;
import java.util.List;

/**
 * Fix 1, prevention: give the forks a global order and always take the lower-ranked fork first.
 *
 * <pre>{@code
 * # Python
 * first, second = sorted((i, (i + 1) % 5))
 * with forks[first], forks[second]:
 *     eat()
 * }</pre>
 *
 * <p><b>What to notice.</b> {@link LockOrdering#acquireAll} sorts the two forks by rank, so philosopher 4
 * takes fork 0 before fork 4, unlike everyone else; that single asymmetry makes a cycle of waits impossible.
 * Had the code taken a higher-ranked fork first, {@code lock()} would throw {@code LockOrderException} at once
 * naming both forks, in the first test that ran it. {@link LockSet} releases both in a try-with-resources.
 *
 * <p><b>Run:</b> {@code ./examples.sh dining-ordered}
 *
 * <p><b>Expected output</b> (the time varies):
 *
 * <pre>
 * every philosopher ate 200 meals: [200, 200, 200, 200, 200]
 * no deadlock; 1000 meals in 12 ms
 * </pre>
 */
public final class Sync03DiningOrdered {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "dining-ordered",
          Group.SYNC,
          "6 Q3",
          "dining philosophers fixed by prevention: forks ranked, always taken in rank order",
          Sync03DiningOrdered::run);

  static final int MEALS = 200;

  private Sync03DiningOrdered() {}

  // The try-with-resources handle is used only for its close(), which is the point: it releases.
  @SuppressWarnings("try")
  static void run(PrintStream out, List<String> args) throws Exception {
    LockOrdering ordering = LockOrdering.create();
    Mutex[] forks = new Mutex[DiningTable.SEATS];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = ordering.newMutex("fork-" + i, i);
    }
    long start = System.nanoTime();
    int[] eaten =
        DiningTable.dine(
            MEALS,
            (seat, meal) -> {
              try (LockSet held =
                  ordering.acquireAll(forks[DiningTable.left(seat)], forks[DiningTable.right(seat)])) {
                meal.run();
              }
            });
    DiningTable.report(out, MEALS, eaten, start);
  }
}
