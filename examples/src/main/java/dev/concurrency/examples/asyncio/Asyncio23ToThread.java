package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.ThreadBridge.toThread;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code toThread}: blocking code runs on a pool thread while the loop keeps serving its tasks.
 *
 * <pre>{@code
 * # Python
 * def blocking_io():
 *     time.sleep(0.3)                 # a call that blocks its thread
 *     return "file contents"
 *
 * async def ticker():
 *     for i in range(3):
 *         print(f"tick {i}")
 *         await asyncio.sleep(0.05)
 *
 * t = asyncio.create_task(ticker())
 * data = await asyncio.to_thread(blocking_io)
 * }</pre>
 *
 * <p><b>What to notice.</b> Called directly in a task, the blocking call would hold the loop (the watchdog would
 * report it) and the ticker would stop. Handed to {@code toThread}, it runs on a platform thread of the pool;
 * the task suspends, the ticker keeps ticking, and the result comes back through {@code callSoonThreadsafe}.
 * Here the "blocking call" waits until the ticker has ticked three times, which only works because the loop
 * keeps running.
 *
 * <p><b>Run:</b> {@code ./examples.sh asyncio-to-thread}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * main: handing the blocking call to a thread
 * tick 0
 * tick 1
 * tick 2
 * main: got "file contents" from a platform thread
 * Timeline:
 * ...                                 (the pool thread's bar spans the ticker's three sleeps)
 * </pre>
 */
public final class Asyncio23ToThread {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("asyncio-to-thread", Group.ASYNCIO, "2.1, 2.2",
          "toThread: a blocking call on a pool thread while the loop keeps running other tasks",
          Asyncio23ToThread::run);

  private Asyncio23ToThread() {}

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      CountDownLatch ticked = new CountDownLatch(3);
      AsyncTask<Void> ticker = createTask(() -> {
        for (int i = 0; i < 3; i++) {
          out.println("tick " + i);
          ticked.countDown();
          try (var span = trace.open("loop: ticker", "sleep 50 ms")) {
            sleep(Duration.ofMillis(50));
          }
        }
      });
      out.println("main: handing the blocking call to a thread");
      String[] where = new String[1];
      String data = toThread(() -> {
        try (var span = trace.open("pool thread", "blocking call")) {
          // blocks this pool thread until the loop has ticked three times: proof that the loop keeps running
          if (!ticked.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the loop did not tick while the thread blocked");
          }
          where[0] = Thread.currentThread().isVirtual() ? "a virtual thread" : "a platform thread";
          return "file contents";
        }
      });
      out.printf("main: got \"%s\" from %s%n", data, where[0]);
      ticker.await();
    });
    Timeline.print(out, trace, args);
  }
}
