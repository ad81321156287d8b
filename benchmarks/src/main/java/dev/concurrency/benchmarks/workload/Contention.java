package dev.concurrency.benchmarks.workload;

import static dev.concurrency.benchmarks.workload.Workload.check;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness of the S workloads, shared by every system that runs them so that only the synchronizer differs:
 * platform threads released together by a latch, each running a critical section a number of times; the
 * figure ({@code ops_per_s}) is the rate from the release to the last join. Stateless and thread-safe; each
 * call runs its own threads and joins them before it returns, so every write a section made happens-before the
 * return.
 */
public final class Contention {

  /** The longest a run waits for its threads before calling the workload hung. */
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** One pass through a critical section. */
  @FunctionalInterface
  public interface Section {
    /** Enters, does the section's work, and leaves. */
    void enter() throws InterruptedException;
  }

  private Contention() {}

  /**
   * Runs {@code each} sections on each of {@code threads} threads.
   *
   * @throws IllegalStateException if a thread failed, or did not finish within two minutes
   */
  public static List<Figure> run(int threads, int each, Section section) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = Thread.ofPlatform().name("contender-" + t).start(() -> {
        try {
          go.await();
          for (int i = 0; i < each; i++) {
            section.enter();
          }
        } catch (InterruptedException | RuntimeException | Error failure) {
          failures.add(failure);
        }
      });
    }
    long start = System.nanoTime();
    go.countDown();
    long deadline = start + PATIENCE.toNanos();
    for (Thread worker : workers) {
      long left = Math.max(0, deadline - System.nanoTime());
      check(worker.join(Duration.ofNanos(left)), worker + " did not finish within " + PATIENCE);
    }
    long nanos = Math.max(1, System.nanoTime() - start);
    check(failures.isEmpty(), "a contender failed: " + failures.peek());
    return List.of(new Figure("ops_per_s", (double) threads * each / (nanos / 1e9), "ops/s"));
  }

  /**
   * {@code S1_mutex}: 2 threads x 1,000,000 (QUICK: 20,000) passes through {@code section}, which increments
   * {@code counter[0]} under the lock being measured; the counter must come out exact.
   */
  public static List<Figure> mutex(Scale scale, long[] counter, Section section) throws InterruptedException {
    int each = scale.pick(1_000_000, 20_000);
    List<Figure> figures = run(2, each, section);
    // run() joins every thread, which orders all increments before this read.
    check(counter[0] == 2L * each, "the counter reached " + counter[0] + " instead of " + 2L * each);
    return figures;
  }

  /**
   * {@code S2_semaphore}: 4 threads x 250,000 (QUICK: 5,000) acquire/release of a semaphore of 2 permits;
   * never more than 2 threads may be inside at once.
   *
   * @param acquire takes one permit of the semaphore being measured
   * @param release returns it
   */
  public static List<Figure> semaphore(Scale scale, Section acquire, Runnable release)
      throws InterruptedException {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger over = new AtomicInteger();
    List<Figure> figures = run(4, scale.pick(250_000, 5_000), () -> {
      acquire.enter();
      try {
        if (inside.incrementAndGet() > 2) {
          over.incrementAndGet();
        }
        inside.decrementAndGet();
      } finally {
        release.run();
      }
    });
    check(over.get() == 0, over.get() + " times more than 2 threads held the 2 permits");
    return figures;
  }
}
