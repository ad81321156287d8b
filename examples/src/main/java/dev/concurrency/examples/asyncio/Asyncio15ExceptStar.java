package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ExceptionGroup;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Handling a task group's failures by kind, as Python's {@code except*} does: {@link ExceptionGroup#split}
 * takes out the failures one clause handles, keeps the nesting of groups inside the group, and what no clause
 * takes is raised on.
 *
 * <pre>{@code
 * # Python
 * async def stock():
 *     async with asyncio.TaskGroup() as tg:      # a group inside the group: its errors nest
 *         tg.create_task(fetch("warehouse-1"))
 *         tg.create_task(fetch("warehouse-2", ConnectionRefusedError("warehouse-2: connection refused")))
 *
 * try:
 *     try:
 *         async with asyncio.TaskGroup() as tg:
 *             tg.create_task(fetch("users", ConnectionRefusedError("users: connection refused")))
 *             tg.create_task(fetch("orders", TimeoutError("orders: too slow")))
 *             tg.create_task(fetch("prices", ValueError("prices: bad currency")))
 *             tg.create_task(stock())
 *     except* ConnectionError as eg:
 *         print("retry later:", tree(eg))
 *         print("  of which warehouses:", tree(eg.subgroup(lambda e: "warehouse" in str(e))))
 *     except* TimeoutError as eg:
 *         print("timed out:", tree(eg))
 * except ExceptionGroup as eg:                   # what no except* clause took goes on
 *     print("raised on:", tree(eg))
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code split(T)} returns two groups, the failures of type {@code T} and the rest,
 * each with the shape of the original: the refused warehouse stays inside its own group, one level down. Each
 * {@code except*} clause is one {@code split} of what the clauses before it left; the last rest is thrown again,
 * so a failure nobody handles is never lost. {@code subgroup(condition)} keeps what a predicate accepts; the
 * predicate is asked about the nested groups too, and a group it accepts is kept whole. The example runs on a
 * virtual clock, where every fetch ends at the same instant, as they do in the Python run, so the group holds
 * all the failures; with real time, the first failure might cancel the others before they fail.
 *
 * <p><b>Run:</b> {@code ./examples.sh except-star}
 *
 * <p><b>Expected output</b> (the same as the Python original's):
 *
 * <pre>
 * retry later: [users: connection refused, [warehouse-2: connection refused]]
 *   of which warehouses: [[warehouse-2: connection refused]]
 * timed out: [orders: too slow]
 * raised on: [prices: bad currency]
 * </pre>
 */
public final class Asyncio15ExceptStar {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("except-star", Group.ASYNCIO, "2.1",
          "except* with ExceptionGroup.split and subgroup: handle a task group's failures by kind, nesting kept",
          Asyncio15ExceptStar::run);

  private Asyncio15ExceptStar() {}

  static void run(PrintStream out, List<String> args) {
    AsyncIO.run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      try {
        try {
          taskGroup(tg -> {
            tg.createTask(() -> fetch("users", new ConnectException("users: connection refused")));
            tg.createTask(() -> fetch("orders", new AsyncTimeoutException("orders: too slow")));
            tg.createTask(() -> fetch("prices", new IllegalArgumentException("prices: bad currency")));
            tg.createTask(Asyncio15ExceptStar::stock);
          });
        } catch (ExceptionGroup eg) {
          ExceptionGroup.Split refused = eg.split(ConnectException.class); // except* ConnectionError
          if (refused.match() != null) {
            out.println("retry later: " + tree(refused.match()));
            out.println("  of which warehouses: "
                + tree(refused.match().subgroup(e -> e.getMessage().contains("warehouse"))));
          }
          if (refused.rest() != null) {
            ExceptionGroup.Split slow = refused.rest().split(AsyncTimeoutException.class); // except* TimeoutError
            if (slow.match() != null) {
              out.println("timed out: " + tree(slow.match()));
            }
            if (slow.rest() != null) {
              throw slow.rest(); // what no clause took goes on
            }
          }
        }
      } catch (ExceptionGroup eg) {
        out.println("raised on: " + tree(eg));
      }
    });
  }

  private static void stock() {
    taskGroup(tg -> { // a group inside the group: its errors nest
      tg.createTask(() -> fetch("warehouse-1", null));
      tg.createTask(() -> fetch("warehouse-2", new ConnectException("warehouse-2: connection refused")));
    });
  }

  private static String fetch(String name, @Nullable Exception error) throws Exception {
    sleep(Duration.ofMillis(100));
    if (error != null) {
      throw error;
    }
    return name;
  }

  /** The group's leaves by message, a nested group in brackets: upstream's {@code tree(eg)}. */
  static String tree(@Nullable ExceptionGroup group) {
    if (group == null) {
      return "None";
    }
    List<String> parts = new ArrayList<>();
    for (Throwable e : group.exceptions()) {
      parts.add(e instanceof ExceptionGroup nested ? tree(nested) : e.getMessage());
    }
    return "[" + String.join(", ", parts) + "]";
  }
}
