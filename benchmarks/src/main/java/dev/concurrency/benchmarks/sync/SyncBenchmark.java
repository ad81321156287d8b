package dev.concurrency.benchmarks.sync;

import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.ReadWriteMutex;
import dev.concurrency.sync.ReentrantMutex;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sync-primitives hot paths beside their JDK counterparts, in one run so the ratios are fair: lock,
 * increment, unlock on a {@link Mutex}, a {@link ReentrantMutex}, a {@link ReentrantLock} and a
 * {@code synchronized} block; acquire and release of a 2-permit {@link CountingSemaphore} and {@link Semaphore};
 * uncontended (1 thread) and contended (2 and 4 threads on one shared instance). The {@code detector*} cases
 * measure what a {@link DeadlockDetector}'s bookkeeping adds per lock/unlock, alone and nested inside another
 * tracked lock, and for a semaphore and a read lock. {@code readLock*} and {@code writeLock*} compare
 * {@link ReadWriteMutex} with {@link ReentrantReadWriteLock}.
 *
 * <pre>{@code benchmarks/run.sh jmh 'SyncBenchmark.(semaphore|jdkSemaphore)4' -wi 3 -i 5 -f 1}</pre>
 *
 * <p>On a shared machine, run each project case next to its JDK counterpart in the same invocation, repeat the
 * run, and compare ratios: a single contended figure can be off by a factor of two either way.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SyncBenchmark extends ThroughputBenchmark {

  private final SyncPrimitives primitives = SyncPrimitives.create();
  private final DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
  private final Mutex tracked = detector.newMutex("tracked");
  private final Mutex trackedOuter = detector.newMutex("outer");
  private final Mutex untrackedOuter = Mutex.create();
  private final CountingSemaphore trackedSemaphore = detector.newSemaphore("tracked-permits", 2);
  private final ReadWriteMutex readWrite = ReadWriteMutex.create();
  private final ReentrantReadWriteLock jdkReadWrite = new ReentrantReadWriteLock();
  private final ReadWriteMutex trackedReadWrite = detector.newReadWriteMutex("tracked-rw");
  private long counter;

  // One helper for the three Lock implementations: each JMH fork runs one benchmark, so the call stays
  // monomorphic and inlines as the direct calls would.
  private long increment(Lock lock) {
    lock.lock();
    try {
      return ++counter;
    } finally {
      lock.unlock();
    }
  }

  // Readers share the lock, so they only read the counter: an increment under a read lock would race.
  private long read(Lock lock) {
    lock.lock();
    try {
      return counter;
    } finally {
      lock.unlock();
    }
  }

  private long synchronizedIncrement() {
    synchronized (primitives.monitor()) {
      return ++counter;
    }
  }

  /** Mutex, 1 thread. */
  @Benchmark
  @Threads(1)
  public long mutex1() {
    return increment(primitives.mutex());
  }

  /** Mutex, 2 threads. */
  @Benchmark
  @Threads(2)
  public long mutex2() {
    return increment(primitives.mutex());
  }

  /** Mutex, 4 threads. */
  @Benchmark
  @Threads(4)
  public long mutex4() {
    return increment(primitives.mutex());
  }

  /** ReentrantMutex, 1 thread. */
  @Benchmark
  @Threads(1)
  public long reentrantMutex1() {
    return increment(primitives.reentrantMutex());
  }

  /** ReentrantMutex, 2 threads. */
  @Benchmark
  @Threads(2)
  public long reentrantMutex2() {
    return increment(primitives.reentrantMutex());
  }

  /** ReentrantMutex, 4 threads. */
  @Benchmark
  @Threads(4)
  public long reentrantMutex4() {
    return increment(primitives.reentrantMutex());
  }

  /** ReentrantLock, 1 thread. */
  @Benchmark
  @Threads(1)
  public long reentrantLock1() {
    return increment(primitives.reentrantLock());
  }

  /** ReentrantLock, 2 threads. */
  @Benchmark
  @Threads(2)
  public long reentrantLock2() {
    return increment(primitives.reentrantLock());
  }

  /** ReentrantLock, 4 threads. */
  @Benchmark
  @Threads(4)
  public long reentrantLock4() {
    return increment(primitives.reentrantLock());
  }

  /** synchronized, 1 thread. */
  @Benchmark
  @Threads(1)
  public long synchronized1() {
    return synchronizedIncrement();
  }

  /** synchronized, 2 threads. */
  @Benchmark
  @Threads(2)
  public long synchronized2() {
    return synchronizedIncrement();
  }

  /** synchronized, 4 threads. */
  @Benchmark
  @Threads(4)
  public long synchronized4() {
    return synchronizedIncrement();
  }

  /** CountingSemaphore acquire/release, 1 thread. */
  @Benchmark
  @Threads(1)
  public int semaphore1() throws InterruptedException {
    return permitted(primitives.semaphore());
  }

  /** CountingSemaphore, 2 threads on 2 permits. */
  @Benchmark
  @Threads(2)
  public int semaphore2() throws InterruptedException {
    return permitted(primitives.semaphore());
  }

  /** CountingSemaphore, 4 threads on 2 permits. */
  @Benchmark
  @Threads(4)
  public int semaphore4() throws InterruptedException {
    return permitted(primitives.semaphore());
  }

  /** java.util.concurrent.Semaphore, 1 thread. */
  @Benchmark
  @Threads(1)
  public int jdkSemaphore1() throws InterruptedException {
    return permitted(primitives.jdkSemaphore());
  }

  /** java.util.concurrent.Semaphore, 2 threads on 2 permits. */
  @Benchmark
  @Threads(2)
  public int jdkSemaphore2() throws InterruptedException {
    return permitted(primitives.jdkSemaphore());
  }

  /** java.util.concurrent.Semaphore, 4 threads on 2 permits. */
  @Benchmark
  @Threads(4)
  public int jdkSemaphore4() throws InterruptedException {
    return permitted(primitives.jdkSemaphore());
  }

  private static int permitted(CountingSemaphore permits) throws InterruptedException {
    permits.acquire();
    try {
      return permits.availablePermits();
    } finally {
      permits.release();
    }
  }

  private static int permitted(Semaphore permits) throws InterruptedException {
    permits.acquire();
    try {
      return permits.availablePermits();
    } finally {
      permits.release();
    }
  }

  /** A detector's Mutex, 1 thread, holding nothing else: the bookkeeping alone. */
  @Benchmark
  @Threads(1)
  public long detectorMutex1() {
    tracked.lock();
    try {
      return ++counter;
    } finally {
      tracked.unlock();
    }
  }

  /** Two nested detector Mutexes, 1 thread: one order-graph lookup per acquisition. */
  @Benchmark
  @Threads(1)
  public long detectorNested1() {
    return nested(trackedOuter, tracked);
  }

  /** The same nesting with untracked Mutexes, the baseline for {@link #detectorNested1()}. */
  @Benchmark
  @Threads(1)
  public long plainNested1() {
    return nested(untrackedOuter, primitives.mutex());
  }

  private long nested(Mutex outer, Mutex inner) {
    outer.lock();
    try {
      inner.lock();
      try {
        return ++counter;
      } finally {
        inner.unlock();
      }
    } finally {
      outer.unlock();
    }
  }

  /** A detector's CountingSemaphore, 1 thread: the holder bookkeeping under the semaphore's monitor. */
  @Benchmark
  @Threads(1)
  public int detectorSemaphore1() throws InterruptedException {
    return permitted(trackedSemaphore);
  }

  /** ReadWriteMutex read lock, 1 thread. */
  @Benchmark
  @Threads(1)
  public long readLock1() {
    return read(readWrite.readLock());
  }

  /** ReentrantReadWriteLock read lock, 1 thread: the JDK counterpart of {@link #readLock1()}. */
  @Benchmark
  @Threads(1)
  public long jdkReadLock1() {
    return read(jdkReadWrite.readLock());
  }

  /** ReadWriteMutex read lock, 4 threads reading side by side. */
  @Benchmark
  @Threads(4)
  public long readLock4() {
    return read(readWrite.readLock());
  }

  /** ReentrantReadWriteLock read lock, 4 threads reading side by side. */
  @Benchmark
  @Threads(4)
  public long jdkReadLock4() {
    return read(jdkReadWrite.readLock());
  }

  /** ReadWriteMutex write lock, 1 thread. */
  @Benchmark
  @Threads(1)
  public long writeLock1() {
    return increment(readWrite.writeLock());
  }

  /** ReentrantReadWriteLock write lock, 1 thread. */
  @Benchmark
  @Threads(1)
  public long jdkWriteLock1() {
    return increment(jdkReadWrite.writeLock());
  }

  /** A detector's ReadWriteMutex read lock, 1 thread. */
  @Benchmark
  @Threads(1)
  public long detectorReadLock1() {
    return read(trackedReadWrite.readLock());
  }
}
