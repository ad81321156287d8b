package dev.concurrency.benchmarks.jdk;

import dev.concurrency.benchmarks.workload.Contention;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.concurrent.Semaphore;
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
      return Contention.mutex(scale, counter, () -> {
        lock.lock();
        try {
          counter[0]++;
        } finally {
          lock.unlock();
        }
      });
    }));
  }

  /** S1 on a {@code synchronized} block. */
  public static List<Workload> synchronizedBlock() {
    return List.of(Workload.of("S1_mutex", scale -> {
      Object monitor = new Object();
      long[] counter = {0};
      return Contention.mutex(scale, counter, () -> {
        synchronized (monitor) {
          counter[0]++;
        }
      });
    }));
  }

  /** S2 on {@link Semaphore}: 4 threads, 2 permits, 250,000 acquire/release each; never more than 2 inside. */
  public static List<Workload> semaphore() {
    return List.of(Workload.of("S2_semaphore", scale -> {
      Semaphore permits = new Semaphore(2);
      return Contention.semaphore(scale, permits::acquire, permits::release);
    }));
  }
}
