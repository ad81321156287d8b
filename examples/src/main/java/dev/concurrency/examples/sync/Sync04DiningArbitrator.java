package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import java.io.PrintStream;
import java.util.List;

/**
 * Fix 2, a semaphore as arbitrator: at most four of the five philosophers may sit at the table at once.
 *
 * <pre>{@code
 * # Python
 * seats = threading.Semaphore(4)
 * with seats:
 *     with forks[i]:
 *         with forks[(i + 1) % 5]:
 *             eat()
 * }</pre>
 *
 * <p><b>What to notice.</b> The naive left-then-right order is kept. A {@link CountingSemaphore} with
 * {@code N - 1} permits means at least one seated philosopher has both neighbours' forks within reach: with
 * four philosophers and five forks, someone can always take two, eat, and free them. This is the seed's "use
 * a semaphore" answer to FAQ Q3: limit how many may compete.
 *
 * <p><b>Run:</b> {@code ./examples.sh dining-arbitrator}
 *
 * <p><b>Expected output</b> (the time varies):
 *
 * <pre>
 * every philosopher ate 200 meals: [200, 200, 200, 200, 200]
 * no deadlock; 1000 meals in 15 ms
 * </pre>
 */
public final class Sync04DiningArbitrator {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "dining-arbitrator",
          Group.SYNC,
          "6 Q3",
          "dining philosophers fixed by a semaphore of N-1 seats: someone can always eat",
          Sync04DiningArbitrator::run);

  private Sync04DiningArbitrator() {}

  // The try-with-resources handle is used only for its close(), which is the point: it releases.
  @SuppressWarnings("try")
  static void run(PrintStream out, List<String> args) throws Exception {
    Mutex[] forks = new Mutex[DiningTable.SEATS];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = Mutex.create();
    }
    CountingSemaphore seats = CountingSemaphore.create(DiningTable.SEATS - 1);
    long start = System.nanoTime();
    int[] eaten =
        DiningTable.dine(
            Sync03DiningOrdered.MEALS,
            (seat, meal) -> {
              try (CountingSemaphore.Permit sitting = seats.acquirePermit()) {
                Mutex left = forks[DiningTable.left(seat)];
                Mutex right = forks[DiningTable.right(seat)];
                left.lock();
                try {
                  right.lock();
                  try {
                    meal.run();
                  } finally {
                    right.unlock();
                  }
                } finally {
                  left.unlock();
                }
              }
            });
    DiningTable.report(out, Sync03DiningOrdered.MEALS, eaten, start);
  }
}
