package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncLock} makes "read, await, write" atomic among tasks; without it, every update but the last is
 * lost, deterministically.
 *
 * <pre>{@code
 * # Python
 * counter = 0
 * async def unsafe_increment():
 *     global counter
 *     value = counter
 *     await asyncio.sleep(0)        # another task runs here and reads the same value
 *     counter = value + 1
 *
 * async def safe_increment(lock):
 *     global counter
 *     async with lock:
 *         value = counter
 *         await asyncio.sleep(0)
 *         counter = value + 1
 * }</pre>
 *
 * <p><b>What to notice.</b> One thread, no preemption, and still a race: an {@code await} inside a
 * read-modify-write lets every other task read the same old value. Unlike thread races, this one is
 * deterministic: all 100 unsafe tasks read 0, so the counter ends at 1. With the lock, the tasks take turns in
 * FIFO order and the counter is 100. {@code async with lock} is {@code lock.acquire(); try (lock) { ... }}. The
 * timeline shows the first three tasks of each round: without the lock their read-to-write spans overlap, with
 * it they follow one another.
 *
 * <p><b>Run:</b> {@code ./examples.sh asyncio-lock}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * without a lock: 100 increments -> counter = 1 (99 updates lost)
 * with an AsyncLock: 100 increments -> counter = 100
 * Timeline:
 * ...                                 (task 0-2 "no lock" overlap; task 0-2 "AsyncLock" one after another)
 * </pre>
 */
public final class Asyncio20Lock {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("asyncio-lock", Group.ASYNCIO, "2.1, 6 Q3",
          "AsyncLock: an await inside read-modify-write loses updates unless a lock serialises the tasks",
          Asyncio20Lock::run);

  private static final int TASKS = 100;

  /** How many tasks of each round get a row in the timeline. */
  private static final int TRACED = 3;

  private Asyncio20Lock() {}

  @SuppressWarnings("try") // the spans are closed by the try; their bodies do not use them
  static void run(PrintStream out, List<String> args) {
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      int[] counter = {0};
      gather(times(id -> () -> {
        try (Trace.Recording span = traced(trace, id, "no lock")) {
          int value = counter[0];
          sleep(Duration.ZERO); // another task runs here and reads the same value
          counter[0] = value + 1;
        }
      })).await();
      out.printf("without a lock: %d increments -> counter = %d (%d updates lost)%n",
          TASKS, counter[0], TASKS - counter[0]);

      counter[0] = 0;
      AsyncLock lock = new AsyncLock();
      gather(times(id -> () -> {
        lock.acquire();
        try (lock; Trace.Recording span = traced(trace, id, "AsyncLock")) {
          int value = counter[0];
          sleep(Duration.ZERO);
          counter[0] = value + 1;
        }
      })).await();
      out.printf("with an AsyncLock: %d increments -> counter = %d%n", TASKS, counter[0]);
    });
    Timeline.print(out, trace, args);
  }

  /** A span from read to write for the first few tasks; null (nothing to close) for the rest. */
  private static Trace.@Nullable Recording traced(Trace trace, int id, String round) {
    return id < TRACED ? trace.open("task " + id, round) : null;
  }

  private static AsyncRunnable[] times(IntFunction<AsyncRunnable> body) {
    AsyncRunnable[] bodies = new AsyncRunnable[TASKS];
    for (int i = 0; i < TASKS; i++) {
      bodies[i] = body.apply(i);
    }
    return bodies;
  }
}
