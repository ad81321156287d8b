package dev.concurrency.benchmarks.sync;

import dev.concurrency.benchmarks.workload.Contention;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import java.util.List;

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
    return Contention.mutex(scale, counter, () -> {
      mutex.lock();
      try {
        counter[0]++;
      } finally {
        mutex.unlock();
      }
    });
  }

  /** S2: 4 threads, 2 permits, 250,000 acquire/release each; never more than 2 inside. */
  static List<Figure> semaphore(Scale scale) throws InterruptedException {
    CountingSemaphore permits = CountingSemaphore.create(2);
    return Contention.semaphore(scale, permits::acquire, permits::release);
  }
}
