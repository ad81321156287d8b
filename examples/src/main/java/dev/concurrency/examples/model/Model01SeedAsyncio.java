package dev.concurrency.examples.model;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The seed's asyncio sample measured against the seed's own formula: two waits of 1 s and 2 s, started
 * together on one event-loop thread, take 2 s, not the {@code T_total = T_1 + T_2 = 3 s} of section 3.3.
 *
 * <pre>{@code
 * # Python original (section 4.1)
 * async def task1(): print("Task 1 started"); await asyncio.sleep(1); print("Task 1 completed")
 * async def task2(): print("Task 2 started"); await asyncio.sleep(2); print("Task 2 completed")
 * async def main(): await asyncio.gather(task1(), task2())
 * }</pre>
 *
 * <p><b>What to notice.</b> The event loop here is the plainest one the JDK has: a single-threaded
 * {@link ScheduledExecutorService}. Each task runs its first half, asks for a timer, and gives the thread
 * back; the loop runs the second half when the timer fires. Both waits run at the same time on one thread, so
 * the wall time is {@code max(T_i)} = 2 s. The seed's sum is right only for running the tasks one after
 * another. (The {@code asyncio} group's examples trace the same sample on the project's own coroutine event
 * loop; this one needs nothing but the JDK.)
 *
 * <p><b>Run:</b> {@code ./examples.sh model-seed-asyncio} (add {@code --svg seed.svg} for a picture)
 *
 * <p><b>Expected output</b> (measured times vary by a few milliseconds):
 *
 * <pre>
 * Task 1 started
 * Task 2 started
 * Task 1 completed
 * Task 2 completed
 * run     model       predicted  lower bound  measured    error
 * gather  sequential    3.000 s      3.000 s   2.019 s  -32.7 %
 * gather  event loop    2.000 s      2.000 s   2.019 s   +0.9 %
 * The seed's T_total = T_1 + T_2 holds only for sequential execution; overlapping waits take max(T_i).
 * Timeline:
 * predicted waiting: task1    |##############################..............................|  0 .. 1.000 s
 * predicted waiting: task2    |############################################################|  0 .. 2.000 s
 * measured event-loop: task1  |###############################.............................|  15.9 ms .. 1.017 s
 * measured event-loop: task2  |############################################################|  16.6 ms .. 2.017 s
 * ...
 * </pre>
 */
public final class Model01SeedAsyncio {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "model-seed-asyncio",
          Group.MODEL,
          "3.3, 4.1",
          "the seed's asyncio sample timed: 2 s measured against the seed formula's 3 s",
          Model01SeedAsyncio::run);

  static final Duration TASK1 = Duration.ofSeconds(1);
  static final Duration TASK2 = Duration.ofSeconds(2);
  private static final String LANE = "event-loop";
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private Model01SeedAsyncio() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder().setNameFormat(LANE).build());
    Trace trace = Trace.start();
    CountDownLatch done = new CountDownLatch(2);
    try {
      // gather(task1(), task2()): both start now, on the loop thread, in this order
      loop.execute(() -> start(out, loop, trace, "task1", "Task 1", TASK1, done));
      loop.execute(() -> start(out, loop, trace, "task2", "Task 2", TASK2, done));
      if (!done.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the two timers did not fire within " + LIMIT);
      }
    } finally {
      loop.shutdown();
      if (!loop.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        loop.shutdownNow();
        throw new IllegalStateException("the event loop did not stop within " + LIMIT);
      }
    }
    Measurement gather = Measurement.of("gather", trace);
    List<Task> tasks = List.of(Task.waiting("task1", TASK1), Task.waiting("task2", TASK2));
    List<Comparison> comparisons =
        List.of(
            new Comparison(TimingModel.sequential(tasks), gather),
            new Comparison(TimingModel.eventLoop(tasks), gather));
    out.print(ComparisonTable.render(comparisons));
    out.println(
        "The seed's T_total = T_1 + T_2 holds only for sequential execution; overlapping waits take max(T_i).");
    // the model's predicted schedule drawn above the measured one
    Timeline.print(out, comparisons.get(1).sideBySide(), comparisons.stream().map(Comparison::summary).toList(), args);
  }

  /** The first half of a coroutine: print, then "await asyncio.sleep(d)" by handing a timer to the loop. */
  private static void start(
      PrintStream out,
      ScheduledExecutorService loop,
      Trace trace,
      String name,
      String label,
      Duration wait,
      CountDownLatch done) {
    out.println(label + " started");
    Trace.Recording span = trace.open(LANE, name);
    loop.schedule(
        () -> {
          out.println(label + " completed");
          span.close();
          done.countDown();
        },
        wait.toNanos(),
        TimeUnit.NANOSECONDS);
  }
}
