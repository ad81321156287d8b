package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.Runner;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code Runner}: several coroutines, one after another, on one loop that stays open between them; closing the
 * runner cancels what is left.
 *
 * <pre>{@code
 * # Python 3.11+
 * with asyncio.Runner() as runner:
 *     runner.run(connect())          # starts a heartbeat task that outlives this run
 *     runner.run(query("users"))     # same loop: the heartbeat is still there
 *     runner.run(query("orders"))
 * # leaving the block cancels the heartbeat and closes the loop
 * }</pre>
 *
 * <p><b>What to notice.</b> The heartbeat task started by the first {@code run} keeps beating during the
 * later runs (the loop only runs while a {@code run} is under way), and ends cancelled when the runner closes.
 * {@code AsyncIO.run} three times would give three loops, and the heartbeat would die with the first.
 *
 * <p><b>Run:</b> {@code ./examples.sh runner}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * connected on loop #1
 * heartbeat 1
 * users: 3 rows (same loop: true)
 * heartbeat 2
 * orders: 5 rows (same loop: true)
 * heartbeat stopped: runner closed
 * </pre>
 */
public final class Asyncio08Runner {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("runner", Group.ASYNCIO, "2.1",
          "asyncio.Runner: several runs on one loop; closing it cancels the tasks left",
          Asyncio08Runner::run);

  private Asyncio08Runner() {}

  static void run(PrintStream out, List<String> args) {
    // a virtual clock keeps the interleaving exact; new Runner() would use the system clock
    try (Runner runner = new Runner(EventLoop.builder().clock(VirtualClock.autoAdvancing()))) {
      EventLoop first = runner.run(() -> {
        createTask(() -> beat(out));
        out.println("connected on loop #1");
        return getRunningLoop();
      });
      query(runner, out, "users", 3, first);
      query(runner, out, "orders", 5, first);
    }
  }

  private static void query(Runner runner, PrintStream out, String table, int rows, EventLoop first) {
    boolean sameLoop = runner.run(() -> {
      sleep(Duration.ofMillis(150));
      return getRunningLoop() == first;
    });
    out.println(table + ": " + rows + " rows (same loop: " + sameLoop + ")");
  }

  private static void beat(PrintStream out) {
    try {
      for (int i = 1; ; i++) {
        sleep(Duration.ofMillis(100));
        out.println("heartbeat " + i);
        sleep(Duration.ofMillis(50));
      }
    } catch (CancelledError e) {
      out.println("heartbeat stopped: runner closed");
      throw e;
    }
  }
}
