package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.timeout;
import static dev.concurrency.async.AsyncIO.waitFor;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Giving up on slow work: {@code timeout} around a block, and {@code waitFor} around one awaitable.
 *
 * <pre>{@code
 * # Python
 * try:
 *     async with asyncio.timeout(0.1):
 *         await slow_download()
 * except TimeoutError:
 *     print("download: gave up after 100 ms")
 *
 * print(await asyncio.wait_for(quick_lookup(), timeout=1))
 * }</pre>
 *
 * <p><b>What to notice.</b> When the deadline passes, the block is cancelled at its current {@code await}: its
 * {@code finally} runs, and the {@link dev.concurrency.async.CancelledError} that unwinds it is turned into
 * {@link AsyncTimeoutException} at the edge of the block, so only the code that set the timeout sees a
 * timeout. Work that finishes in time just returns its value.
 *
 * <p><b>Run:</b> {@code ./examples.sh timeout}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * download: started
 * download: cancelled, cleaning up
 * download: gave up after 100 ms
 * lookup: 42
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio03Timeout {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("timeout", Group.ASYNCIO, "2.1", "timeout and waitFor: cancel slow work at a deadline",
          Asyncio03Timeout::run);

  private Asyncio03Timeout() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      try {
        timeout(Duration.ofMillis(100), () -> slowDownload(out, trace));
      } catch (AsyncTimeoutException e) {
        out.println("download: gave up after 100 ms");
      }
      out.println("lookup: " + waitFor(() -> quickLookup(trace), Duration.ofSeconds(1)));
    });
    Timeline.print(out, trace, args);
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static String slowDownload(PrintStream out, Trace trace) {
    out.println("download: started");
    try (var span = trace.open("download", "sleep(10 s), cut at 100 ms")) {
      sleep(Duration.ofSeconds(10));
      return "page";
    } finally {
      out.println("download: cancelled, cleaning up");
    }
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static Integer quickLookup(Trace trace) {
    try (var span = trace.open("lookup", "sleep(10 ms)")) {
      sleep(Duration.ofMillis(10));
    }
    return 42;
  }
}
