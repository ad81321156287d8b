package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.ComparisonTable;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Three awaits of 300 ms, first one after another, then gathered: about 0.9 s against about 0.3 s, on the same
 * event loop, and what the timing model predicts for each.
 *
 * <pre>{@code
 * # Python original (the idea of seed sections 2.1 and 4.1)
 * async def fetch(i):
 *     await asyncio.sleep(0.3)
 *
 * async def main():
 *     for i in (1, 2, 3):
 *         await fetch(i)                                # one after another: about 0.9 s
 *     await asyncio.gather(fetch(1), fetch(2), fetch(3)) # concurrently: about 0.3 s
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code async} alone makes nothing concurrent: awaiting each call in turn suspends
 * {@code main} until that call is done, so the waits add up, exactly as the seed's {@code T_total = T_1 + ... +
 * T_n} (section 3.3) says. Only when the coroutines are started together ({@code gather}, or {@code createTask})
 * do their waits overlap, and the total becomes the longest one, {@code max(T_i)}. The order lines show it: one
 * after another each fetch ends before the next starts; gathered, all three start before any ends. The table
 * compares each measured run with the model's prediction ({@code TimingModel.sequential}: the sum;
 * {@code TimingModel.eventLoop}: the max); the difference is the loop's own overhead, a few milliseconds.
 *
 * <p><b>Run:</b> {@code ./examples.sh sequential-vs-concurrent} (add {@code --svg seq.svg} for a picture)
 *
 * <p><b>Expected output</b> (the order lines are always these; the times vary by a few milliseconds), then the
 * timeline: a staircase of three fetches, then three fetches side by side:
 *
 * <pre>
 * one after another: start 1, end 1, start 2, end 2, start 3, end 3
 * gathered:          start 1, start 2, start 3, end 1, end 2, end 3
 * one after another: 3 awaits of 300 ms took 0.904 s (model: sum of T_i = 0.900 s)
 * gathered:          3 awaits of 300 ms took 0.301 s (model: max of T_i = 0.300 s)
 * run                model       predicted  lower bound  measured  error
 * one after another  sequential    900.0 ms     900.0 ms  903.6 ms  +0.4 %
 * gathered           event loop    300.0 ms     300.0 ms  301.2 ms  +0.4 %
 * Timeline:
 * ...
 * </pre>
 */
public final class Asyncio40SequentialVsConcurrent {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "sequential-vs-concurrent",
          Group.ASYNCIO,
          "2.1, 4.1",
          "three 0.3 s awaits one after another (0.9 s) vs gathered (0.3 s), against the model",
          Asyncio40SequentialVsConcurrent::run);

  static final Duration WAIT = Duration.ofMillis(300);
  static final int FETCHES = 3;
  static final String SEQUENTIAL = "one after another";
  static final String GATHERED = "gathered";

  private Asyncio40SequentialVsConcurrent() {}

  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    List<String> sequentialOrder = new ArrayList<>();
    List<String> gatheredOrder = new ArrayList<>();
    Duration[] walls = new Duration[2];
    AsyncIO.run(
        () -> {
          long start = System.nanoTime();
          for (int i = 1; i <= FETCHES; i++) {
            fetch(trace, SEQUENTIAL, i, sequentialOrder); // await fetch(i): main waits for each in turn
          }
          walls[0] = Duration.ofNanos(System.nanoTime() - start);

          start = System.nanoTime();
          AsyncRunnable[] fetches =
              IntStream.rangeClosed(1, FETCHES)
                  .mapToObj(i -> (AsyncRunnable) () -> fetch(trace, GATHERED, i, gatheredOrder))
                  .toArray(AsyncRunnable[]::new);
          gather(fetches).await(); // all three started at once: their waits overlap
          walls[1] = Duration.ofNanos(System.nanoTime() - start);
        });
    // the lists were filled by tasks of the loop that has now finished: AsyncIO.run's return publishes them
    out.println(pad(SEQUENTIAL) + String.join(", ", sequentialOrder));
    out.println(pad(GATHERED) + String.join(", ", gatheredOrder));

    List<Task> tasks =
        IntStream.rangeClosed(1, FETCHES).mapToObj(i -> Task.waiting("fetch " + i, WAIT)).toList();
    Comparison sequential = new Comparison(TimingModel.sequential(tasks), Measurement.of(SEQUENTIAL, walls[0]));
    Comparison gathered = new Comparison(TimingModel.eventLoop(tasks), Measurement.of(GATHERED, walls[1]));
    out.println(line(SEQUENTIAL, walls[0], "sum of T_i", sequential));
    out.println(line(GATHERED, walls[1], "max of T_i", gathered));
    out.print(ComparisonTable.render(List.of(sequential, gathered)));
    Timeline.print(out, trace, args);
  }

  /** {@code async def fetch(i): await asyncio.sleep(0.3)}, recording its order and its span. */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  private static void fetch(Trace trace, String lane, int i, List<String> order) {
    order.add("start " + i); // one loop runs one task at a time: no lock needed
    try (var span = trace.open(lane, "fetch " + i)) {
      sleep(WAIT);
    }
    order.add("end " + i);
  }

  private static String line(String label, Duration wall, String formula, Comparison comparison) {
    return String.format(
        Locale.ROOT,
        "%s%d awaits of %d ms took %.3f s (model: %s = %.3f s)",
        pad(label),
        FETCHES,
        WAIT.toMillis(),
        wall.toNanos() / 1e9,
        formula,
        comparison.predicted().wall().toNanos() / 1e9);
  }

  /** The label and its colon, padded so that what follows lines up. */
  private static String pad(String label) {
    return String.format(Locale.ROOT, "%-" + (SEQUENTIAL.length() + 2) + "s", label + ": ");
  }
}
