package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The async-core workloads on its queue and lock: E4 and E5 of the benchmarks issue, with its sizes and metric
 * names, each timed inside the running loop (as the Python peers in {@code peer_asyncio.py} are) and checking
 * its own result.
 */
public final class AsyncPrimitivesWorkloads {

  /** E4: 1,000,000 items through {@code AsyncQueue(maxsize=1000)}, one producer, one consumer, order checked. */
  public static final Workload E4_QUEUE = Workload.of("E4_queue", AsyncPrimitivesWorkloads::queue);

  /** E5: 1,000 tasks x 100 acquisitions of {@code AsyncLock}, yielding ({@code sleep(0)}) while holding it. */
  public static final Workload E5_LOCK = Workload.of("E5_lock", AsyncPrimitivesWorkloads::lock);

  private AsyncPrimitivesWorkloads() {}

  /** Both workloads, E4 then E5. */
  public static List<Workload> all() {
    return List.of(E4_QUEUE, E5_LOCK);
  }

  static List<Figure> queue(Scale scale) {
    int n = scale.pick(1_000_000, 20_000);
    double seconds = run(() -> {
      AsyncQueue<Integer> items = new AsyncQueue<>(1000);
      long start = System.nanoTime();
      AsyncTask<Void> producer = createTask(() -> {
        for (int i = 0; i < n; i++) {
          items.put(i);
        }
      });
      int expected = 0;
      for (int i = 0; i < n; i++) {
        int item = items.get();
        check(item == expected, "E4: item " + item + " arrived where " + expected + " was expected");
        expected++;
      }
      producer.await();
      double took = (System.nanoTime() - start) / 1e9;
      check(expected == n && items.empty(), "E4: " + expected + " of " + n + " items arrived");
      return took;
    });
    return List.of(new Figure("items_per_s", n / seconds, "items/s"));
  }

  static List<Figure> lock(Scale scale) {
    int tasks = scale.pick(1_000, 50);
    int each = 100;
    int[] state = new int[3]; // holders, overlaps, acquisitions
    double seconds = run(() -> {
      AsyncLock mutex = new AsyncLock();
      long start = System.nanoTime();
      List<AsyncTask<Void>> workers = new ArrayList<>(tasks);
      for (int t = 0; t < tasks; t++) {
        workers.add(createTask(() -> {
          for (int i = 0; i < each; i++) {
            mutex.acquire();
            try (mutex) {
              if (++state[0] != 1) {
                state[1]++;
              }
              sleep(Duration.ZERO);
              state[2]++;
              state[0]--;
            }
          }
        }));
      }
      gather(workers, /* returnExceptions= */ false).await();
      return (System.nanoTime() - start) / 1e9;
    });
    check(state[1] == 0, "E5: " + state[1] + " acquisitions overlapped another holder");
    check(state[2] == tasks * each, "E5: " + state[2] + " acquisitions of " + tasks * each);
    return List.of(new Figure("acquisitions_per_s", tasks * each / seconds, "acquisitions/s"));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
