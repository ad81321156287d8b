package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.Backoff;
import dev.concurrency.sync.LockSet;
import dev.concurrency.sync.Mutex;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Fix 3, avoidance by back-off: take both forks or neither, and after a failure wait a random while.
 *
 * <pre>{@code
 * # Python
 * while True:
 *     if forks[i].acquire(blocking=False):
 *         if forks[(i + 1) % 5].acquire(blocking=False):
 *             break
 *         forks[i].release()
 *     time.sleep(random.uniform(0, pause))
 * }</pre>
 *
 * <p><b>What to notice.</b> No philosopher ever waits while holding a fork, so the cycle of waits cannot
 * form even with the naive order. The random pause matters: without it, five philosophers retrying in step
 * could keep failing together forever (livelock). {@link Backoff#acquireAll} also takes a deadline, after
 * which it gives up with a {@code TimeoutException} holding nothing.
 *
 * <p><b>Run:</b> {@code ./examples.sh dining-backoff}
 *
 * <p><b>Expected output</b> (the time varies):
 *
 * <pre>
 * every philosopher ate 200 meals: [200, 200, 200, 200, 200]
 * no deadlock; 1000 meals in 20 ms
 * </pre>
 */
public final class Sync05DiningBackoff {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "dining-backoff",
          Group.SYNC,
          "6 Q3",
          "dining philosophers fixed by back-off: both forks or none, then a random pause",
          Sync05DiningBackoff::run);

  private Sync05DiningBackoff() {}

  // The try-with-resources handle is used only for its close(), which is the point: it releases.
  @SuppressWarnings("try")
  static void run(PrintStream out, List<String> args) throws Exception {
    Mutex[] forks = new Mutex[DiningTable.SEATS];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = Mutex.create();
    }
    Backoff backoff = Backoff.between(Duration.ofNanos(1_000), Duration.ofMillis(1));
    long start = System.nanoTime();
    int[] eaten =
        DiningTable.dine(
            Sync03DiningOrdered.MEALS,
            (seat, meal) -> {
              try (LockSet held =
                  backoff.acquireAll(
                      Duration.ofSeconds(30), forks[DiningTable.left(seat)], forks[DiningTable.right(seat)])) {
                meal.run();
              }
            });
    DiningTable.report(out, Sync03DiningOrdered.MEALS, eaten, start);
  }
}
