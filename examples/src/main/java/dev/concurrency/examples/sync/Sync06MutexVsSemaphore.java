package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.sync.Barrier;
import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FAQ Q3 of the seed, side by side: a mutex lets one thread in at a time; a semaphore lets up to N in.
 *
 * <pre>{@code
 * # Python
 * lock = threading.Lock()          # protects shared data
 * with lock:
 *     counter += 1
 * pool = threading.Semaphore(3)    # limits how many use a resource at once
 * with pool:
 *     use_connection()
 * }</pre>
 *
 * <p><b>What to notice.</b> Use the {@link Mutex} when threads update shared state: four threads add 10,000
 * each and the total is exact, because only one is ever inside. Use the {@link CountingSemaphore} when a
 * resource has a capacity (connections, licences, memory): six threads want a connection, three get one at a
 * time. A barrier inside proves the three really are inside together, and the peak never exceeds three.
 *
 * <p><b>Run:</b> {@code ./examples.sh mutex-vs-semaphore}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * mutex: 4 threads x 10000 increments = 40000, at most 1 inside at once
 * semaphore(3): 6 threads, at most 3 inside at once
 * </pre>
 */
public final class Sync06MutexVsSemaphore {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "mutex-vs-semaphore",
          Group.SYNC,
          "6 Q3",
          "a mutex admits one thread (exact counter), a semaphore admits N (a pool of 3 connections)",
          Sync06MutexVsSemaphore::run);

  private Sync06MutexVsSemaphore() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    mutex(out);
    semaphore(out);
  }

  private static void mutex(PrintStream out) throws InterruptedException {
    Mutex mutex = Mutex.create();
    int[] counter = {0};
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    runAll(
        4,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            mutex.lock();
            try {
              peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
              counter[0]++;
              inside.decrementAndGet();
            } finally {
              mutex.unlock();
            }
          }
        });
    out.println("mutex: 4 threads x 10000 increments = " + counter[0] + ", at most " + peak + " inside at once");
  }

  @SuppressWarnings("try") // the permit is held for its close(), which gives it back
  private static void semaphore(PrintStream out) throws InterruptedException {
    CountingSemaphore connections = CountingSemaphore.create(3);
    Barrier allThreeInside = Barrier.create(3);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    runAll(
        6,
        () -> {
          try (CountingSemaphore.Permit connection = connections.acquirePermit()) {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            allThreeInside.await(); // three at a time, as the permits allow
            inside.decrementAndGet();
          }
        });
    out.println("semaphore(3): 6 threads, at most " + peak + " inside at once");
  }

  /** A body that may throw; a failure stops the example. */
  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static void runAll(int count, Body body) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      threads.add(
          Thread.ofPlatform()
              .name("worker-" + i)
              .start(
                  () -> {
                    try {
                      body.run();
                    } catch (Exception failure) {
                      failures.add(failure);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a worker failed", failures.getFirst());
    }
  }
}
