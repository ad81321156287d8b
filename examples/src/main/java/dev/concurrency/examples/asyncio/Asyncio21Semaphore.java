package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.sync.AsyncSemaphore;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AsyncSemaphore} caps how many tasks do something at once: ten downloads, at most three in flight.
 *
 * <pre>{@code
 * # Python
 * sem = asyncio.Semaphore(3)
 * async def download(i):
 *     async with sem:
 *         print(f"start {i}")
 *         await asyncio.sleep(0.05)
 *
 * await asyncio.gather(*(download(i) for i in range(10)))
 * }</pre>
 *
 * <p><b>What to notice.</b> The downloads start in FIFO order, three at a time; a new one starts only when one
 * finishes and releases its permit ({@code try (sem)} releases, as {@code async with} does). The wall time is
 * about {@code ceil(10 / 3)} rounds of 50 ms, not ten.
 *
 * <p><b>Run:</b> {@code ./examples.sh asyncio-semaphore}
 *
 * <p><b>Expected output</b> (abridged):
 *
 * <pre>
 * start 0 (in flight: 1)
 * start 1 (in flight: 2)
 * start 2 (in flight: 3)
 * done  0
 * start 3 (in flight: 3)
 * ...
 * at most 3 in flight; all 10 downloaded
 * Timeline:
 * ...                                 (four rounds of at most three bars)
 * </pre>
 */
public final class Asyncio21Semaphore {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("asyncio-semaphore", Group.ASYNCIO, "6 Q3",
          "AsyncSemaphore(3): ten downloads, at most three in flight, started in FIFO order",
          Asyncio21Semaphore::run);

  private Asyncio21Semaphore() {}

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      AsyncSemaphore sem = new AsyncSemaphore(3);
      int[] inFlight = {0};
      int[] peak = {0};
      List<AsyncTask<Void>> downloads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int id = i;
        downloads.add(createTask(() -> {
          sem.acquire();
          try (sem) {
            inFlight[0]++;
            peak[0] = Math.max(peak[0], inFlight[0]);
            out.printf("start %d (in flight: %d)%n", id, inFlight[0]);
            try (var span = trace.open("download " + id, "holds a permit")) {
              sleep(Duration.ofMillis(50));
            }
            inFlight[0]--;
            out.printf("done  %d%n", id);
          }
        }));
      }
      for (AsyncTask<Void> d : downloads) {
        d.await();
      }
      out.printf("at most %d in flight; all %d downloaded%n", peak[0], downloads.size());
    });
    Timeline.print(out, trace, args);
  }
}
