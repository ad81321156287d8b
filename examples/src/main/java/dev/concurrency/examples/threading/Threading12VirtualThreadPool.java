package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.TaskFuture;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks that mostly wait: a fixed pool of 2 threads against the virtual-thread-per-task pool, on the same 100
 * tasks that each block for 20 ms (a stand-in for a network call).
 *
 * <pre>{@code
 * # Python: with threads, max_workers bounds the overlap; with asyncio, 100 awaits of 20 ms take 20 ms
 * with ThreadPoolExecutor(max_workers=2) as pool: list(pool.map(lambda _: time.sleep(0.02), range(100)))
 * }</pre>
 *
 * <p><b>What to notice.</b> Two workers can only overlap two waits: 100 tasks of 20 ms take at least 50 x 20 ms
 * = 1 s. A virtual thread per task lets all 100 wait at once, so the batch takes about as long as one task, the
 * same effect as {@code asyncio.gather}, with blocking code. For CPU-bound work the opposite holds: virtual threads
 * add no cores, and a pool sized to the cores is right ({@code ./examples.sh gil-free-speedup}).
 *
 * <p><b>Run:</b> {@code ./examples.sh virtual-thread-pool}
 *
 * <p><b>Expected output</b> (times vary; then a timeline):
 *
 * <pre>
 * 100 tasks, each blocking 20 ms
 * fixed pool of 2 platform threads: 1.04 s (at least 1.00 s: 50 rounds of 2)
 * virtual thread per task:          0.03 s
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading12VirtualThreadPool {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "virtual-thread-pool",
          Group.THREADING,
          "2.2, 6 Q2",
          "waiting tasks: a fixed pool of 2 against ThreadPool.virtualPerTask",
          Threading12VirtualThreadPool::run);

  private static final int TASKS = 100;
  private static final long BLOCK_MILLIS = 20;

  private Threading12VirtualThreadPool() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    out.printf("%d tasks, each blocking %d ms%n", TASKS, BLOCK_MILLIS);
    double fixed = batch(ThreadPool.builder().workers(2).name("fixed").build(), trace, "fixed pool");
    out.printf("fixed pool of 2 platform threads: %.2f s (at least %.2f s: %d rounds of 2)%n",
        fixed, TASKS / 2 * BLOCK_MILLIS / 1000.0, TASKS / 2);
    double virtual = batch(ThreadPool.virtualPerTask("virtual-"), trace, "virtual per task");
    out.printf("virtual thread per task:          %.2f s%n", virtual);
    Timeline.print(out, trace, args);
  }

  /** Runs the batch on {@code pool}, closes it, and returns the wall time in seconds. */
  private static double batch(ThreadPool pool, Trace trace, String lane) throws Exception {
    long start = System.nanoTime();
    try (pool; var r = trace.open(lane, TASKS + " tasks")) {
      List<TaskFuture<?>> futures = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        futures.add(pool.submit(() -> {
          Thread.sleep(BLOCK_MILLIS); // the work itself: stands for a blocking call such as a socket read
          return null;
        }));
      }
      for (TaskFuture<?> f : futures) {
        f.get();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
