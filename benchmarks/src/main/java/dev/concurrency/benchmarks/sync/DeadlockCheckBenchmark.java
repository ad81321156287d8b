package dev.concurrency.benchmarks.sync;

import dev.concurrency.sync.DeadlockDetector;
import dev.concurrency.sync.DeadlockException;
import dev.concurrency.sync.DeadlockPolicy;
import dev.concurrency.sync.Mutex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wait-for graph's check at scale: {@code threads - 1} platform threads, each holding one of
 * {@code threads} tracked mutexes and blocked on the next, the last one on the mutex the benchmark thread
 * holds. The measured operation is the benchmark thread asking for the first thread's mutex: its check runs
 * Holt's reduction over every blocked thread and lock (nobody can proceed), finds the cycle through all of
 * them, and refuses with a {@link DeadlockException} that names it: the cost of finding a deadlock among 1,000
 * threads and 1,000 locks, report included. Each iteration builds the chain afresh (not timed).
 *
 * <pre>{@code benchmarks/run.sh jmh DeadlockCheckBenchmark}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class DeadlockCheckBenchmark {

  /** The number of threads (the benchmark thread included) and of locks. */
  @Param({"1000"})
  public int threads;

  private final List<Thread> blocked = new ArrayList<>();
  private Mutex[] locks = new Mutex[0];

  /** Builds the chain: every thread but the benchmark thread holds a lock and waits for the next one. */
  @Setup(Level.Iteration)
  public void chain() {
    DeadlockDetector detector =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();
    locks = new Mutex[threads];
    for (int i = 0; i < threads; i++) {
      locks[i] = detector.newMutex("lock-" + i);
    }
    locks[0].lock();
    // From the end of the chain backwards, so that each thread's next lock is already held when it asks.
    for (int i = threads - 1; i >= 1; i--) {
      Mutex mine = locks[i];
      Mutex next = locks[(i + 1) % threads];
      Thread thread =
          Thread.ofPlatform()
              .name("chain-" + i)
              .start(
                  () -> {
                    mine.lock();
                    try {
                      next.lock();
                      next.unlock();
                    } finally {
                      mine.unlock();
                    }
                  });
      blocked.add(thread);
      while (!next.hasQueuedThread(thread)) {
        Thread.onSpinWait(); // set-up only: each thread must be parked before the next starts
      }
    }
  }

  /** The check that completes the cycle: refused, with the report. */
  @Benchmark
  public DeadlockException refuseTheDeadlock() {
    try {
      locks[1].lock();
    } catch (DeadlockException refused) {
      return refused;
    }
    throw new AssertionError("the deadlock among " + threads + " threads was not found");
  }

  /** Lets the chain unwind and joins every thread. */
  @TearDown(Level.Iteration)
  public void unwind() throws InterruptedException {
    locks[0].unlock();
    for (Thread thread : blocked) {
      thread.join();
    }
    blocked.clear();
  }
}
