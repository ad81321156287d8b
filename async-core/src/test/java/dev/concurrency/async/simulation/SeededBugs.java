package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.shield;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.ThreadBridge.toThread;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Five small programs with a classic asyncio bug each, and each one fixed, for the power bar: exploring the buggy
 * one must find the bug within a stated number of seeds, and the fixed one must pass. The I/O in them is a {@code
 * toThread} call (a blocking client in a thread, as real programs do), so whether it finishes before the next
 * request arrives is up to the seed, as it is up to the machine in real life. {@link #main} prints the table the
 * module README shows.
 */
final class SeededBugs {

  private SeededBugs() {}

  /** A bug and its fix, the kind of failure the bug shows, and how many seeds exploration may take at most. */
  record Case(String name, Scenario<?> buggy, Scenario<?> fixed, RunFailure.Kind symptom, int bound) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> all() {
    return List.of(
        new Case("lost update", lostUpdate(false), lostUpdate(true), RunFailure.Kind.INVARIANT, 10),
        new Case("double initialisation", doubleInit(false), doubleInit(true), RunFailure.Kind.INVARIANT, 10),
        new Case("missing shield", missingShield(false), missingShield(true), RunFailure.Kind.INVARIANT, 10),
        new Case("lock order across awaits", lockOrder(false), lockOrder(true), RunFailure.Kind.DEADLOCK, 10),
        new Case("unbounded queue growth", queueGrowth(false), queueGrowth(true), RunFailure.Kind.INVARIANT, 50));
  }

  private static final Duration MS = Duration.ofMillis(1);

  // ---------------------------------------------------------------- lost update

  /** A read-modify-write across an await: the second deposit reads the balance before the first writes it. */
  static Scenario<Integer> lostUpdate(boolean fixed) {
    return Scenario.of("lost update" + (fixed ? ", fixed" : ""), () -> {
      int[] balance = {100};
      AsyncLock lock = new AsyncLock();
      AsyncRunnable deposit = amount -> {
        if (fixed) {
          lock.acquire();
        }
        try {
          int read = balance[0];
          toThread(() -> "audit: deposit " + amount); // a blocking audit-log write, in a thread
          balance[0] = read + amount;
        } finally {
          if (fixed) {
            lock.release();
          }
        }
      };
      gather(() -> deposit.run(10), () -> {
        sleep(MS); // the second client comes a millisecond later
        deposit.run(20);
      }).await();
      return balance[0];
    }).expect("both deposits counted (130)", b -> b == 130);
  }

  /** A body taking an amount. */
  private interface AsyncRunnable {
    void run(int amount) throws Exception;
  }

  // ---------------------------------------------------------------- double initialisation

  /** Lazy initialisation across an await: two callers both find no connection and both open one. */
  static Scenario<Integer> doubleInit(boolean fixed) {
    return Scenario.of("double initialisation" + (fixed ? ", fixed" : ""), () -> {
      int[] opened = {0};
      Object[] connection = {null};
      AsyncFuture<?>[] opening = {null};
      ConnectionSupplier get = () -> {
        if (fixed) { // the asyncio idiom: remember the opening itself, and let every caller await it
          if (opening[0] == null) {
            opening[0] = createTask(() -> {
              opened[0]++;
              return toThread(Object::new);
            });
          }
          return opening[0].await();
        }
        if (connection[0] == null) {
          opened[0]++;
          connection[0] = toThread(Object::new); // a blocking connect, in a thread
        }
        return connection[0];
      };
      gather(get::get, () -> {
        sleep(MS);
        return get.get();
      }).await();
      return opened[0];
    }).expect("one connection opened", n -> n == 1);
  }

  private interface ConnectionSupplier {
    @Nullable Object get() throws Exception;
  }

  // ---------------------------------------------------------------- missing shield

  /**
   * Cleanup that awaits without a shield: the worker is cancelled (a timeout), its {@code finally} releases a
   * lease over the network, and a second cancellation (shutdown) lands while that release is on its way, so the
   * release never happens.
   */
  static Scenario<Integer> missingShield(boolean fixed) {
    return Scenario.of("missing shield" + (fixed ? ", fixed" : ""), () -> {
      int[] leases = {0};
      List<AsyncTask<Void>> releases = new ArrayList<>();
      AsyncTask<Void> worker = createTask(() -> {
        leases[0]++;
        try {
          sleep(Duration.ofMillis(10)); // the work, which the timeout cuts short
        } finally {
          AsyncTask<Void> release = createTask(() -> {
            toThread(() -> "release"); // a blocking call to the lease server
            leases[0]--;
          });
          releases.add(release);
          if (fixed) {
            shield(release).await();
          } else {
            release.await();
          }
        }
      }, "worker");
      AsyncIO.getRunningLoop().callLater(Duration.ofMillis(2), worker::cancel); // the timeout
      AsyncIO.getRunningLoop().callLater(Duration.ofMillis(3), worker::cancel); // shutdown cancels everything
      try {
        worker.await();
      } catch (CancelledError expected) {
        // the worker ends cancelled either way
      }
      // wait for the releases themselves, not for a while: a release may take any time (a sleep here was a bug
      // of its own, which the simulation found: seed 55 let the release outlast a 20 ms sleep)
      gather(List.copyOf(releases), /* returnExceptions= */ true).await();
      return leases[0];
    }).expect("every lease released", n -> n == 0);
  }

  // ---------------------------------------------------------------- lock order

  /** Two transfers take two account locks in opposite orders, with an await in between: a deadlock. */
  static Scenario<Void> lockOrder(boolean fixed) {
    return Scenario.of("lock order across awaits" + (fixed ? ", fixed" : ""), () -> {
      AsyncLock[] accounts = {new AsyncLock(), new AsyncLock()};
      Transfer transfer = (from, to) -> {
        AsyncLock first = accounts[fixed ? Math.min(from, to) : from];
        AsyncLock second = accounts[fixed ? Math.max(from, to) : to];
        first.acquire();
        try {
          toThread(() -> "debit " + from); // a blocking database call while holding the first lock
          second.acquire();
          try {
            toThread(() -> "credit " + to);
          } finally {
            second.release();
          }
        } finally {
          first.release();
        }
      };
      gather(() -> transfer.run(0, 1), () -> {
        sleep(MS);
        transfer.run(1, 0);
      }).await();
    });
  }

  private interface Transfer {
    void run(int from, int to) throws Exception;
  }

  // ---------------------------------------------------------------- queue growth

  /**
   * A producer that does not wait for its consumer: when processing (a blocking call in a thread) falls behind,
   * the queue grows without bound. Fixed: a bounded queue, whose {@code put} waits (back-pressure).
   */
  static Scenario<Integer> queueGrowth(boolean fixed) {
    return Scenario.of("unbounded queue growth" + (fixed ? ", fixed" : ""), () -> {
      AsyncQueue<Integer> queue = fixed ? new AsyncQueue<>(8) : new AsyncQueue<>();
      int[] longest = {0};
      AsyncTask<Void> consumer = createTask(() -> {
        while (true) {
          int request = queue.get();
          toThread(() -> request * 2); // parse the request: a blocking call, in a thread
          queue.taskDone();
        }
      }, "consumer");
      for (int i = 0; i < 200; i++) {
        queue.put(i);
        longest[0] = Math.max(longest[0], queue.qsize());
        sleep(MS); // a request every millisecond
      }
      queue.join();
      consumer.cancel();
      return longest[0];
    }).expect("at most 8 requests waiting", n -> n <= 8);
  }

  /** Prints, for each case, the first failing seed and how many of 1,000 seeds fail: the README's table. */
  public static void main(String[] args) {
    System.out.println("| bug | found at seed | failing seeds of 1,000 | fixed: failing seeds of 1,000 |");
    for (Case c : all()) {
      long first = -1;
      int failing = 0;
      for (long seed = 0; seed < 1_000; seed++) {
        if (Runs.run(c.buggy(), seed, false).failed()) {
          failing++;
          first = first < 0 ? seed : first;
        }
      }
      int fixedFailing = 0;
      for (long seed = 0; seed < 1_000; seed++) {
        fixedFailing += Runs.run(c.fixed(), seed, false).failed() ? 1 : 0;
      }
      System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d |", c.name(), first, failing, fixedFailing));
    }
  }
}
