package dev.concurrency.benchmarks.sync;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workloads this project's {@code sync-primitives} module runs, as the system named {@code project}:
 * {@code S1_mutex} on a {@link Mutex} and {@code S2_semaphore} on a {@link CountingSemaphore}, with the
 * sizes and the metric ({@code ops_per_s}) of the benchmarks issue, and the same critical sections as the
 * JDK baselines, so the ratio compares only the synchronizers.
 */
public final class SyncWorkloads {

  private SyncWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("S1_mutex", SyncWorkloads::mutex), Workload.of("S2_semaphore", SyncWorkloads::semaphore));
  }

  /** S1: 2 threads x 1,000,000 lock, increment a plain counter, unlock; the counter must be exact. */
  static List<Figure> mutex(Scale scale) throws InterruptedException {
    Mutex mutex = Mutex.create();
    long[] counter = {0};
    int each = scale.pick(1_000_000, 20_000);
    List<Figure> figures =
        Contenders.run(
            2,
            each,
            () -> {
              mutex.lock();
              try {
                counter[0]++;
              } finally {
                mutex.unlock();
              }
            });
    // Contenders.run joins every thread, which orders all increments before this read.
    Contenders.check(counter[0] == 2L * each, "the counter reached " + counter[0] + " instead of " + 2L * each);
    return figures;
  }

  /** S2: 4 threads, 2 permits, 250,000 acquire/release each; never more than 2 inside. */
  static List<Figure> semaphore(Scale scale) throws InterruptedException {
    CountingSemaphore permits = CountingSemaphore.create(2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger over = new AtomicInteger();
    List<Figure> figures =
        Contenders.run(
            4,
            scale.pick(250_000, 5_000),
            () -> {
              permits.acquire();
              try {
                if (inside.incrementAndGet() > 2) {
                  over.incrementAndGet();
                }
                inside.decrementAndGet();
              } finally {
                permits.release();
              }
            });
    Contenders.check(over.get() == 0, over.get() + " times more than 2 threads held the 2 permits");
    return figures;
  }
}
