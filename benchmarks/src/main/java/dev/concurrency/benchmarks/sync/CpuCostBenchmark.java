package dev.concurrency.benchmarks.sync;

import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.ReentrantMutex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CPU time of one uncontended lock/increment/unlock (or acquire/read/release) on each primitive of the
 * module and on its JDK counterpart, for a machine whose other load makes wall-clock figures useless: the
 * thread's CPU time does not grow while other processes have the core. The primitives run interleaved, in
 * blocks, round after round, so that all of them see the same conditions; the first two rounds warm up.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.concurrency.benchmarks.sync.CpuCostBenchmark [rounds]}</pre>
 *
 * <p>Each primitive has a loop of its own so that the JIT compiles it for that one type, as a program using it
 * would; a shared loop over an interface would measure a megamorphic call instead. C2 may merge a
 * {@code synchronized} block across unrolled iterations (lock coarsening), which makes its figure a lower bound;
 * {@code -XX:+UnlockDiagnosticVMOptions -XX:-EliminateLocks} turns that off. The JIT's code differs from one JVM
 * to the next by up to 10 % here, so compare ratios over several runs.
 *
 * <p>Not thread-safe: one thread runs it.
 */
public final class CpuCostBenchmark {

  /** One primitive's cost: the median and the least of its rounds, in nanoseconds of CPU time per operation. */
  public record Cost(String primitive, double medianNanos, double minNanos) {}

  private static final int WARM_UP_ROUNDS = 2;

  private final SyncPrimitives primitives = SyncPrimitives.create();
  private long counter;

  /** Runs {@code rounds} measured rounds of {@code perBlock} operations per primitive and prints the table. */
  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("primitive           median ns/op   min ns/op   (" + rounds + " rounds of 20,000,000)");
    for (Cost cost : new CpuCostBenchmark().measure(rounds, 20_000_000)) {
      System.out.printf("%-18s %12.2f %11.2f%n", cost.primitive(), cost.medianNanos(), cost.minNanos());
    }
  }

  /** One primitive's loop of {@code n} operations. */
  private interface Loop {
    void run(int n) throws InterruptedException;
  }

  /** A primitive's name and its loop; each loop names its concrete type, so its calls stay monomorphic. */
  private record Case(String primitive, Loop loop) {}

  /** Every primitive, each project one before its JDK peer: the order of {@link #measure}'s result. */
  private List<Case> cases() {
    return List.of(
        new Case("Mutex", this::mutexLoop),
        new Case("ReentrantMutex", this::reentrantMutexLoop),
        new Case("ReentrantLock", this::reentrantLockLoop),
        new Case("synchronized", this::monitorLoop),
        new Case("CountingSemaphore", this::semaphoreLoop),
        new Case("Semaphore", this::jdkSemaphoreLoop));
  }

  /** Measures every primitive; the result is in a fixed order, each project primitive before its JDK peer. */
  public List<Cost> measure(int rounds, int perBlock) throws InterruptedException {
    List<Case> cases = cases();
    double[][] nanos = new double[cases.size()][rounds];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (int p = 0; p < cases.size(); p++) {
        long start = threads.getCurrentThreadCpuTime();
        cases.get(p).loop().run(perBlock);
        long spent = threads.getCurrentThreadCpuTime() - start;
        if (round >= WARM_UP_ROUNDS) {
          nanos[p][round - WARM_UP_ROUNDS] = (double) spent / perBlock;
        }
      }
    }
    List<Cost> costs = new ArrayList<>();
    for (int p = 0; p < cases.size(); p++) {
      double[] sorted = nanos[p].clone();
      Arrays.sort(sorted);
      costs.add(new Cost(cases.get(p).primitive(), sorted[sorted.length / 2], sorted[0]));
    }
    return costs;
  }

  private void mutexLoop(int n) {
    Mutex mutex = primitives.mutex();
    for (int i = 0; i < n; i++) {
      mutex.lock();
      counter++;
      mutex.unlock();
    }
  }

  private void reentrantMutexLoop(int n) {
    ReentrantMutex reentrantMutex = primitives.reentrantMutex();
    for (int i = 0; i < n; i++) {
      reentrantMutex.lock();
      counter++;
      reentrantMutex.unlock();
    }
  }

  private void reentrantLockLoop(int n) {
    ReentrantLock reentrantLock = primitives.reentrantLock();
    for (int i = 0; i < n; i++) {
      reentrantLock.lock();
      counter++;
      reentrantLock.unlock();
    }
  }

  private void monitorLoop(int n) {
    Object monitor = primitives.monitor();
    for (int i = 0; i < n; i++) {
      synchronized (monitor) {
        counter++;
      }
    }
  }

  private void semaphoreLoop(int n) throws InterruptedException {
    CountingSemaphore semaphore = primitives.semaphore();
    for (int i = 0; i < n; i++) {
      semaphore.acquire();
      counter += semaphore.availablePermits();
      semaphore.release();
    }
  }

  private void jdkSemaphoreLoop(int n) throws InterruptedException {
    Semaphore jdkSemaphore = primitives.jdkSemaphore();
    for (int i = 0; i < n; i++) {
      jdkSemaphore.acquire();
      counter += jdkSemaphore.availablePermits();
      jdkSemaphore.release();
    }
  }

  /** The sum the loops built, so that the JIT cannot drop their work; for tests. */
  long counter() {
    return counter;
  }
}
