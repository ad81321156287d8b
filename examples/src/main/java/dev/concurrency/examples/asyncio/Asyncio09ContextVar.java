package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.ContextVar;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * A context variable carried into tasks: each request handler sets a request id, and every task it starts (and
 * every log line they print) sees that id, without passing it as an argument.
 *
 * <pre>{@code
 * # Python
 * request_id = contextvars.ContextVar("request_id", default="-")
 *
 * async def handle(rid):
 *     request_id.set(rid)
 *     await asyncio.gather(fetch("profile"), fetch("orders"))   # the tasks copy the context
 *
 * async def fetch(what):
 *     await asyncio.sleep(0.1)
 *     log(f"fetched {what}")        # log() reads request_id.get()
 * }</pre>
 *
 * <p><b>What to notice.</b> Two handlers run at the same time, interleaved, yet every line carries its own
 * request's id: a task gets a copy of its creator's context when it is created. The {@code main} task never
 * set the variable and still sees the default afterwards: what a task sets stays in its own context.
 *
 * <p><b>Run:</b> {@code ./examples.sh context-var}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * [r-1] handling
 * [r-2] handling
 * [r-1] fetched profile
 * [r-1] fetched orders
 * [r-2] fetched profile
 * [r-2] fetched orders
 * [-] main: both requests done
 * </pre>
 */
public final class Asyncio09ContextVar {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("context-var", Group.ASYNCIO, "2.1",
          "contextvars: a request id set in a handler is seen by every task it starts",
          Asyncio09ContextVar::run);

  private static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");

  private Asyncio09ContextVar() {}

  static void run(PrintStream out, List<String> args) {
    AsyncIO.run(() -> {
      AsyncTask<Void> first = createTask(() -> handle(out, "r-1"));
      AsyncTask<Void> second = createTask(() -> handle(out, "r-2"));
      gather(first, second).await();
      log(out, "main: both requests done");
    });
  }

  private static void handle(PrintStream out, String requestId) {
    REQUEST_ID.set(requestId);
    log(out, "handling");
    gather(() -> fetch(out, "profile"), () -> fetch(out, "orders")).await();
  }

  private static void fetch(PrintStream out, String what) {
    sleep(Duration.ofMillis(100));
    log(out, "fetched " + what);
  }

  private static void log(PrintStream out, String message) {
    out.println("[" + REQUEST_ID.get() + "] " + message);
  }
}
