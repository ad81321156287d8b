package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.jdk.Measure.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock workloads on the JDK's own primitives: {@code S1_mutex} with {@link ReentrantLock} (system
 * {@code jdk-lock}) and with {@code synchronized} ({@code jdk-synchronized}), {@code S2_semaphore} with
 * {@link Semaphore} ({@code jdk-semaphore}). Each critical section increments a plain counter that only the lock
 * protects, so a broken lock shows up as a lost update.
 */
public final class LockWorkloads {

  private LockWorkloads() {}

  /** S1 on {@link ReentrantLock} (non-fair, the default). */
  public static List<Workload> reentrantLock() {
    return List.of(Workload.of("S1_mutex", scale -> {
      ReentrantLock lock = new ReentrantLock();
      long[] counter = {0};
      return mutex(scale, counter, () -> {
        lock.lock();
        try {
          counter[0]++;
        } finally {
          lock.unlock();
        }
        return 1;
      });
    }));
  }

  /** S1 on a {@code synchronized} block. */
  public static List<Workload> synchronizedBlock() {
    return List.of(Workload.of("S1_mutex", scale -> {
      Object monitor = new Object();
      long[] counter = {0};
      return mutex(scale, counter, () -> {
        synchronized (monitor) {
          counter[0]++;
        }
        return 1;
      });
    }));
  }

  /** S2 on {@link Semaphore}: 4 threads, 2 permits, 250,000 acquire/release each; never more than 2 inside. */
  public static List<Workload> semaphore() {
    return List.of(Workload.of("S2_semaphore", scale -> {
      Semaphore permits = new Semaphore(2);
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger over = new AtomicInteger();
      List<Figure> figures = Contention.run(4, scale.pick(250_000, 5_000), () -> {
        permits.acquire();
        try {
          if (inside.incrementAndGet() > 2) {
            over.incrementAndGet();
          }
          inside.decrementAndGet();
        } finally {
          permits.release();
        }
        return 1;
      });
      check(over.get() == 0, over.get() + " times more than 2 threads held the 2 permits");
      return figures;
    }));
  }

  /** S1's shape: 2 threads x 1,000,000 lock/unlock; the counter must come out exact. */
  private static List<Figure> mutex(Scale scale, long[] counter, Contention.Section section)
      throws InterruptedException {
    int each = scale.pick(1_000_000, 20_000);
    List<Figure> figures = Contention.run(2, each, section);
    // join() in Contention.run orders every increment before this read.
    check(counter[0] == 2L * each, "the counter reached " + counter[0] + " instead of " + 2L * each);
    return figures;
  }
}
