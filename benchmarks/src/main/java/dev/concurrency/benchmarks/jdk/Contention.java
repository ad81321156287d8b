package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.jdk.Measure.check;

import dev.concurrency.benchmarks.workload.Figure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The S workloads' harness: some platform threads, released together by a latch, each running a critical
 * section a number of times; times from the release to the last join and checks that every section ran.
 */
final class Contention {

  /** One pass through the critical section; returns how many sections it ran (1, or 0 if it could not). */
  @FunctionalInterface
  interface Section {
    int enter() throws InterruptedException;
  }

  private Contention() {}

  /** Runs {@code each} sections on each of {@code threads} threads; the figure is {@code ops_per_s}. */
  static List<Figure> run(int threads, int each, Section section) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong entered = new AtomicLong();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = Thread.ofPlatform().start(() -> {
        long mine = 0;
        try {
          go.await();
          for (int i = 0; i < each; i++) {
            mine += section.enter();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        entered.addAndGet(mine);
      });
    }
    long start = System.nanoTime();
    go.countDown();
    Measure.joinAll(workers);
    long nanos = System.nanoTime() - start;
    long expected = (long) threads * each;
    check(entered.get() == expected, entered.get() + " sections ran instead of " + expected);
    return List.of(Measure.rate("ops_per_s", expected, nanos, "ops/s"));
  }
}
