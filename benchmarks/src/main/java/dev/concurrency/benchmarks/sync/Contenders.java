package dev.concurrency.benchmarks.sync;

import dev.concurrency.benchmarks.workload.Figure;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The S workloads' harness: platform threads released together by a latch, each running a critical section
 * a number of times; the figure is the rate from the release to the last join.
 */
final class Contenders {

  /** One pass through the critical section. */
  @FunctionalInterface
  interface Section {
    void enter() throws InterruptedException;
  }

  private Contenders() {}

  static List<Figure> run(int threads, int each, Section section) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          Thread.ofPlatform()
              .name("contender-" + t)
              .start(
                  () -> {
                    try {
                      go.await();
                      for (int i = 0; i < each; i++) {
                        section.enter();
                      }
                    } catch (InterruptedException | RuntimeException failure) {
                      failures.add(failure);
                    }
                  });
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long nanos = System.nanoTime() - start;
    check(failures.isEmpty(), "a contender failed: " + failures.peek());
    double opsPerSecond = (double) threads * each / (nanos / 1e9);
    return List.of(new Figure("ops_per_s", opsPerSecond, "ops/s"));
  }

  /** Throws {@link IllegalStateException} with {@code message} unless the workload's own check holds. */
  static void check(boolean holds, String message) {
    if (!holds) {
      throw new IllegalStateException(message);
    }
  }
}
