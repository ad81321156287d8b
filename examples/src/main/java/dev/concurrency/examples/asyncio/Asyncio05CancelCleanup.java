package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Cancelling a task: the cancellation arrives at its next {@code await} as {@link CancelledError}, which
 * {@code catch (Exception e)} does not swallow, so the task's {@code finally} runs and the task ends.
 *
 * <pre>{@code
 * # Python
 * async def worker():
 *     try:
 *         while True:
 *             print("working")
 *             await asyncio.sleep(0.1)
 *     except Exception:
 *         print("never printed: CancelledError is a BaseException")
 *     finally:
 *         print("worker: releasing resources")
 *
 * task = asyncio.create_task(worker())
 * await asyncio.sleep(0.25)
 * task.cancel("shutting down")
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code cancel()} only requests; the task stops at its next await. The error is an
 * {@link Error} in Java for the same reason it is a {@code BaseException} in Python: the {@code catch
 * (Exception e)} in the worker must not turn a cancellation into "carry on".
 *
 * <p><b>Run:</b> {@code ./examples.sh cancel-cleanup}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * worker: working
 * worker: working
 * worker: working
 * worker: releasing resources
 * main: worker cancelled (shutting down)
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio05CancelCleanup {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("cancel-cleanup", Group.ASYNCIO, "2.1",
          "cancel a task: CancelledError at its next await, finally runs, catch (Exception) does not swallow it",
          Asyncio05CancelCleanup::run);

  private Asyncio05CancelCleanup() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      AsyncTask<Void> task = createTask(() -> worker(out, trace));
      sleep(Duration.ofMillis(250));
      task.cancel("shutting down");
      try {
        task.await();
      } catch (CancelledError e) {
        out.println("main: worker cancelled (" + e.getMessage() + ")");
      }
    });
    Timeline.print(out, trace, args);
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void worker(PrintStream out, Trace trace) {
    try {
      while (true) {
        out.println("worker: working");
        try (var span = trace.open("worker", "sleep(100 ms)")) {
          sleep(Duration.ofMillis(100));
        }
      }
    } catch (Exception e) {
      out.println("never printed: CancelledError is not an Exception");
    } finally {
      out.println("worker: releasing resources");
    }
  }
}
