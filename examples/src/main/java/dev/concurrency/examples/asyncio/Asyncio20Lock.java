package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
 * FIFO order and the counter is 100. {@code async with lock} is {@code lock.acquire(); try (lock) { ... }}.
 *
 * <p><b>Run:</b> {@code ./examples.sh asyncio-lock}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * without a lock: 100 increments -> counter = 1 (99 updates lost)
 * with an AsyncLock: 100 increments -> counter = 100
 * </pre>
 */
public final class Asyncio20Lock {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("asyncio-lock", Group.ASYNCIO, "2.1, 6 Q3",
          "AsyncLock: an await inside read-modify-write loses updates unless a lock serialises the tasks",
          Asyncio20Lock::run);

  private static final int TASKS = 100;

  private Asyncio20Lock() {}

  static void run(PrintStream out, List<String> args) {
    AsyncIO.run(() -> {
      int[] counter = {0};
      gather(times(() -> {
        int value = counter[0];
        sleep(Duration.ZERO); // another task runs here and reads the same value
        counter[0] = value + 1;
      })).await();
      out.printf("without a lock: %d increments -> counter = %d (%d updates lost)%n",
          TASKS, counter[0], TASKS - counter[0]);

      counter[0] = 0;
      AsyncLock lock = new AsyncLock();
      gather(times(() -> {
        lock.acquire();
        try (lock) {
          int value = counter[0];
          sleep(Duration.ZERO);
          counter[0] = value + 1;
        }
      })).await();
      out.printf("with an AsyncLock: %d increments -> counter = %d%n", TASKS, counter[0]);
    });
  }

  private static AsyncRunnable[] times(AsyncRunnable body) {
    AsyncRunnable[] bodies = new AsyncRunnable[TASKS];
    Arrays.fill(bodies, body);
    return bodies;
  }
}
