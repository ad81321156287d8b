package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The seed's section 4.1 sample: two coroutines gathered on one event loop, line for line.
 *
 * <pre>{@code
 * # Python original (section 4.1)
 * async def task1():
 *     print("Task 1 started")
 *     await asyncio.sleep(1)
 *     print("Task 1 completed")
 *
 * async def task2():
 *     print("Task 2 started")
 *     await asyncio.sleep(2)
 *     print("Task 2 completed")
 *
 * async def main():
 *     await asyncio.gather(task1(), task2())
 *
 * asyncio.run(main())
 * }</pre>
 *
 * <p>The port adds one thing to the sample: each sleep is recorded in a trace (the {@code try (var span = ...)}
 * lines) for the timeline printed at the end.
 *
 * <p><b>What to notice.</b> Each {@code await asyncio.sleep(n)} becomes {@code sleep(Duration.ofSeconds(n))}:
 * the task suspends, and the loop runs the other task meanwhile. Both tasks start before either completes, and
 * the whole run takes about 2 s, the longest sleep, not 1 + 2 = 3 s: waiting overlaps (seed 3.1; the sum
 * formula of seed 3.3 holds for sequential execution only). Unlike the threads of {@code seed-threads}, the
 * order is fixed: one loop runs one task at a time, and resumes them in the order their sleeps end.
 *
 * <p><b>Run:</b> {@code ./examples.sh seed-asyncio}
 *
 * <p><b>Expected output</b> (always in this order, about 2 s in total), then the timeline of the two sleeps,
 * which overlap ({@code --svg FILE} also draws it):
 *
 * <pre>
 * Task 1 started
 * Task 2 started
 * Task 1 completed
 * Task 2 completed
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio01Seed {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "seed-asyncio",
          Group.ASYNCIO,
          "4.1",
          "the seed's asyncio sample: two coroutines gathered, 2 s in total, not 3",
          Asyncio01Seed::run);

  private Asyncio01Seed() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> main(out, trace));
    Timeline.print(out, trace, args);
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void task1(PrintStream out, Trace trace) {
    out.println("Task 1 started");
    try (var span = trace.open("task1", "await sleep(1)")) {
      sleep(Duration.ofSeconds(1));
    }
    out.println("Task 1 completed");
  }

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void task2(PrintStream out, Trace trace) {
    out.println("Task 2 started");
    try (var span = trace.open("task2", "await sleep(2)")) {
      sleep(Duration.ofSeconds(2));
    }
    out.println("Task 2 completed");
  }

  private static void main(PrintStream out, Trace trace) {
    gather(() -> task1(out, trace), () -> task2(out, trace)).await();
  }
}
