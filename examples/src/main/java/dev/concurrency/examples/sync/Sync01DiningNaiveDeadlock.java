package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.Barrier;
import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockException;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Mutex;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The naive dining philosophers, wrong on purpose: each takes the left fork, then the right one. When all
 * five hold their left fork, each waits for a fork its neighbour holds: a cycle, a deadlock (seed 2.2).
 *
 * <pre>{@code
 * # Python original (the classic)
 * def philosopher(i):
 *     with forks[i]:               # left
 *         with forks[(i + 1) % 5]: # right: all five wait here forever
 *             eat()
 * }</pre>
 *
 * <p><b>What to notice.</b> A barrier makes the bad schedule certain (everyone holds the left fork before
 * anyone reaches right), so the deadlock happens every run instead of once a month in production. The forks
 * come from a {@link DeadlockDetector} with its wait-for graph on: the fifth philosopher to block would close
 * the cycle, so its {@code lock()} throws {@link DeadlockException} naming all five waits, instead of
 * hanging. That victim puts its left fork down; the others then eat, one after another. With plain locks
 * this program would hang forever; {@code dining-ordered}, {@code dining-arbitrator} and
 * {@code dining-backoff} show three fixes, and {@code dining-lockdep} finds the bug without any thread
 * blocking.
 *
 * <p><b>Run:</b> {@code ./examples.sh dining-naive}
 *
 * <p><b>Expected output</b> (which philosopher is the victim varies):
 *
 * <pre>
 * every philosopher holds the left fork and reaches for the right one
 * philosopher-3 was refused: deadlock: thread 'philosopher-3' waits for 'fork-4' held by thread
 *   'philosopher-4', ... (a cycle of 5 waits)
 * 4 philosophers ate, 1 gave up as the deadlock's victim; nobody hung
 * </pre>
 */
public final class Sync01DiningNaiveDeadlock {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "dining-naive",
          Group.SYNC,
          "2.2, 6 Q3",
          "naive dining philosophers deadlock, every run; the wait-for graph fails one victim instead of hanging",
          Sync01DiningNaiveDeadlock::run);

  private Sync01DiningNaiveDeadlock() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    DeadlockDetector detector =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();
    Mutex[] forks = new Mutex[DiningTable.SEATS];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = detector.newMutex("fork-" + i);
    }
    Barrier allHoldLeft =
        Barrier.builder(DiningTable.SEATS)
            .action(() -> out.println("every philosopher holds the left fork and reaches for the right one"))
            .timeout(Duration.ofSeconds(10))
            .build();
    AtomicInteger victims = new AtomicInteger();
    AtomicReference<String> report = new AtomicReference<>();

    int[] eaten =
        DiningTable.dine(
            1,
            (seat, meal) -> {
              Mutex left = forks[DiningTable.left(seat)];
              Mutex right = forks[DiningTable.right(seat)];
              left.lock();
              try {
                allHoldLeft.await();
                right.lock(); // the fifth to get here closes the cycle
                try {
                  meal.run();
                } finally {
                  right.unlock();
                }
              } catch (DeadlockException refused) {
                victims.incrementAndGet();
                report.set(
                    Thread.currentThread().getName()
                        + " was refused: "
                        + refused.getMessage()
                        + " (a cycle of "
                        + refused.cycle().size()
                        + " waits)");
              } finally {
                left.unlock();
              }
            });

    out.println(report.get());
    int ate = 0;
    for (int count : eaten) {
      ate += count;
    }
    out.println(ate + " philosophers ate, " + victims.get() + " gave up as the deadlock's victim; nobody hung");
  }
}
