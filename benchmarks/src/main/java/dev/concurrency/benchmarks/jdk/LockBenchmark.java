package dev.concurrency.benchmarks.jdk;

import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * The JDK baselines of the lock hot paths: {@code ReentrantLock}, {@code synchronized} and {@code Semaphore},
 * uncontended (1 thread) and contended (2 and 4 threads on one shared instance). The sync-primitives module's
 * own benchmarks compare against these numbers.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar jmh LockBenchmark}</pre>
 */
public class LockBenchmark extends ThroughputBenchmark {

  private final ReentrantLock lock = new ReentrantLock();
  private final Object monitor = new Object();
  private final Semaphore permits = new Semaphore(2);
  private long counter;

  /** Lock, increment, unlock on one thread. */
  @Benchmark
  @Threads(1)
  public long reentrantLockUncontended() {
    return lockedIncrement();
  }

  /** The same with two threads on one lock. */
  @Benchmark
  @Threads(2)
  public long reentrantLockContended2() {
    return lockedIncrement();
  }

  /** The same with four threads on one lock. */
  @Benchmark
  @Threads(4)
  public long reentrantLockContended4() {
    return lockedIncrement();
  }

  /** A {@code synchronized} increment on one thread. */
  @Benchmark
  @Threads(1)
  public long synchronizedUncontended() {
    return synchronizedIncrement();
  }

  /** The same with two threads on one monitor. */
  @Benchmark
  @Threads(2)
  public long synchronizedContended2() {
    return synchronizedIncrement();
  }

  /** Acquire and release of a 2-permit semaphore on one thread. */
  @Benchmark
  @Threads(1)
  public long semaphoreUncontended() throws InterruptedException {
    return permitted();
  }

  /** The same with four threads sharing the 2 permits. */
  @Benchmark
  @Threads(4)
  public long semaphoreContended4() throws InterruptedException {
    return permitted();
  }

  private long lockedIncrement() {
    lock.lock();
    try {
      return ++counter;
    } finally {
      lock.unlock();
    }
  }

  private long synchronizedIncrement() {
    synchronized (monitor) {
      return ++counter;
    }
  }

  private long permitted() throws InterruptedException {
    permits.acquire();
    try {
      return counter;
    } finally {
      permits.release();
    }
  }
}
