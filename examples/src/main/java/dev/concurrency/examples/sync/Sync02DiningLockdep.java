package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.PotentialDeadlockException;
import java.io.PrintStream;
import java.util.List;

/**
 * The naive philosophers' bug found by one thread, before anything can deadlock: a lock-order detector in
 * the style of the Linux kernel's lockdep.
 *
 * <pre>{@code
 * # Python: no built-in equivalent; the naive order is
 * with forks[i]:
 *     with forks[(i + 1) % 5]:
 *         eat()
 * }</pre>
 *
 * <p><b>What to notice.</b> A single thread plays the five philosophers in turn, so nothing ever waits. Yet
 * the {@link DeadlockDetector} records each order taken (fork-0 before fork-1, fork-1 before fork-2, ...),
 * and the fifth philosopher's order, fork-4 before fork-0, closes the cycle: under policy THROW its
 * {@code lock()} fails with a {@link PotentialDeadlockException} listing the cycle, with the stack of each
 * edge in its suppressed exceptions. This is how to catch a deadlock in an ordinary single-threaded unit
 * test, long before a lucky schedule in production.
 *
 * <p><b>Run:</b> {@code ./examples.sh dining-lockdep}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * philosopher-0 ate (took fork-0, then fork-1)
 * philosopher-1 ate (took fork-1, then fork-2)
 * philosopher-2 ate (took fork-2, then fork-3)
 * philosopher-3 ate (took fork-3, then fork-4)
 * philosopher-4 refused: potential deadlock: thread 'main' takes 'fork-0' while holding 'fork-4', which
 *   closes the lock-order cycle 'fork-4' -> 'fork-0' -> 'fork-1' -> 'fork-2' -> 'fork-3' -> 'fork-4'; ...
 * edges with their stacks: 5
 * </pre>
 */
public final class Sync02DiningLockdep {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "dining-lockdep",
          Group.SYNC,
          "2.2, 6 Q3",
          "one thread finds the naive philosophers' deadlock: a lockdep-style lock-order cycle detector",
          Sync02DiningLockdep::run);

  private Sync02DiningLockdep() {}

  static void run(PrintStream out, List<String> args) {
    DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
    Mutex[] forks = new Mutex[DiningTable.SEATS];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = detector.newMutex("fork-" + i);
    }
    for (int seat = 0; seat < DiningTable.SEATS; seat++) {
      Mutex left = forks[DiningTable.left(seat)];
      Mutex right = forks[DiningTable.right(seat)];
      left.lock();
      try {
        right.lock();
        try {
          out.println("philosopher-" + seat + " ate (took " + left.name() + ", then " + right.name() + ")");
        } finally {
          right.unlock();
        }
      } catch (PotentialDeadlockException cycle) {
        out.println("philosopher-" + seat + " refused: " + cycle.getMessage());
        out.println("edges with their stacks: " + cycle.getSuppressed().length);
      } finally {
        left.unlock();
      }
    }
  }
}
