package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.ExceptionGroup;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Structured concurrency: a task group whose child fails cancels its siblings, and the failure comes out of
 * the group as an {@link ExceptionGroup}.
 *
 * <pre>{@code
 * # Python
 * try:
 *     async with asyncio.TaskGroup() as tg:
 *         tg.create_task(fetch("users", 0.3))
 *         tg.create_task(fetch("orders", 0.1, fail=True))
 *         tg.create_task(fetch("prices", 0.5))
 * except* ConnectionError as eg:
 *     print("group failed:", eg.exceptions)
 * }</pre>
 *
 * <p><b>What to notice.</b> The group does not end when "orders" fails: it first cancels "users" and "prices"
 * and waits for their clean-up, so no task outlives the block (nothing is orphaned, nothing is lost). Compare
 * {@code gather}, which propagates the first failure and leaves the other tasks running.
 *
 * <p><b>Run:</b> {@code ./examples.sh task-group-failure}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * users: fetching
 * orders: fetching
 * prices: fetching
 * orders: failed
 * users: cancelled
 * prices: cancelled
 * group failed: [java.net.ConnectException: orders: connection refused]
 * Timeline:
 * ...
 * </pre>
 *
 * <p>In the timeline, "users" and "prices" end when "orders" fails, not when their fetches would have.
 */
public final class Asyncio04TaskGroupFailure {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("task-group-failure", Group.ASYNCIO, "2.1",
          "a TaskGroup whose child fails: siblings are cancelled, errors come back as a group",
          Asyncio04TaskGroupFailure::run);

  private Asyncio04TaskGroupFailure() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      try {
        taskGroup(tg -> {
          tg.createTask(() -> fetch(out, trace, "users", 300, false));
          tg.createTask(() -> fetch(out, trace, "orders", 100, true));
          tg.createTask(() -> fetch(out, trace, "prices", 500, false));
        });
      } catch (ExceptionGroup eg) {
        out.println("group failed: " + eg.exceptions());
      }
    });
    Timeline.print(out, trace, args);
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static String fetch(PrintStream out, Trace trace, String what, long millis, boolean fail)
      throws Exception {
    out.println(what + ": fetching");
    try (var span = trace.open(what, "fetch " + millis + " ms")) {
      sleep(Duration.ofMillis(millis));
    } catch (CancelledError c) {
      out.println(what + ": cancelled");
      throw c;
    }
    if (fail) {
      out.println(what + ": failed");
      throw new java.net.ConnectException(what + ": connection refused");
    }
    return what;
  }
}
