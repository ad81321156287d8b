package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code T3_thread_start_join} for any kind of thread: n threads started and joined one at a time, then n started
 * all at once and joined. Each thread counts itself, so the check knows every one ran.
 */
final class StartJoin {

  private StartJoin() {}

  /** Runs both halves with threads from {@code builder}. */
  static List<Figure> run(Thread.Builder builder, Scale scale) throws InterruptedException {
    int n = scale.pick(10_000, 500);
    AtomicInteger ran = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Measure.joinAll(builder.start(ran::incrementAndGet));
    }
    long sequential = System.nanoTime() - start;
    check(ran.get() == n, ran.get() + " of " + n + " threads ran one at a time");

    ran.set(0);
    Thread[] threads = new Thread[n];
    start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      threads[i] = builder.start(ran::incrementAndGet);
    }
    Measure.joinAll(threads);
    long allAtOnce = System.nanoTime() - start;
    check(ran.get() == n, ran.get() + " of " + n + " threads ran all at once");
    return List.of(
        Measure.rate("sequential_threads_per_s", n, sequential, "threads/s"),
        Measure.rate("all_at_once_threads_per_s", n, allAtOnce, "threads/s"));
  }
}
