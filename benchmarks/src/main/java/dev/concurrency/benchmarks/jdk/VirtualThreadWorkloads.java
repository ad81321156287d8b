package dev.concurrency.benchmarks.jdk;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event-loop workloads written with virtual threads, the JDK's own answer to "many cheap tasks": a task is a
 * virtual thread, {@code sleep(0)} is {@link Thread#yield()}, a timer is {@link Thread#sleep(Duration)}, the queue
 * is an {@link ArrayBlockingQueue}, the lock a {@link ReentrantLock}. System {@code jdk-vthreads}.
 *
 * <p>Results cross to the measuring thread through {@link Thread#join()}.
 */
public final class VirtualThreadWorkloads {

  private VirtualThreadWorkloads() {}

  /** E1, E2, E3, E4, E5, E7, E8 and T3. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("E1_spawn_gather", VirtualThreadWorkloads::spawnGather),
        Workload.of("E2_yield_switch", VirtualThreadWorkloads::yieldSwitch),
        Workload.of("E3_timers", VirtualThreadWorkloads::timers),
        Workload.of("E4_queue", VirtualThreadWorkloads::queue),
        Workload.of("E5_lock", VirtualThreadWorkloads::lock),
        Workload.of("E7_seed_gather", VirtualThreadWorkloads::seedGather),
        Workload.of("E8_echo", VirtualThreadEcho::echo),
        Workload.of("T3_thread_start_join", scale -> StartJoin.run(Thread.ofVirtual(), scale)));
  }

  /** E1: n virtual threads, each yielding once, all joined. */
  static List<Figure> spawnGather(Scale scale) throws InterruptedException {
    int n = scale.pick(100_000, 2_000);
    int[] results = new int[n];
    Thread[] tasks = new Thread[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks[i] = Thread.ofVirtual().start(() -> {
        Thread.yield();
        results[id] = id;
      });
    }
    Measure.joinAll(tasks);
    long nanos = System.nanoTime() - start;
    long sum = Arrays.stream(results).asLongStream().sum();
    check(sum == (long) n * (n - 1) / 2, "the tasks' results sum to " + sum);
    return List.of(Measure.rate("tasks_per_s", n, nanos, "tasks/s"));
  }

  /** E2: one virtual thread yielding n times. */
  static List<Figure> yieldSwitch(Scale scale) throws InterruptedException {
    int n = scale.pick(1_000_000, 10_000);
    int[] switches = new int[1];
    long start = System.nanoTime();
    Measure.joinAll(Thread.ofVirtual().start(() -> {
      for (int i = 0; i < n; i++) {
        Thread.yield();
        switches[0]++;
      }
    }));
    long nanos = System.nanoTime() - start;
    check(switches[0] == n, switches[0] + " switches instead of " + n);
    return List.of(Measure.rate("switches_per_s", n, nanos, "switches/s"));
  }

  /** E3: n virtual threads, each sleeping its delay (uniform 0..0.5 s, seed 42) and noting how late it woke. */
  static List<Figure> timers(Scale scale) throws InterruptedException {
    int n = scale.pick(100_000, 2_000);
    long[] delays = CompletableFutureWorkloads.delays(n, scale.pick(500_000_000, 100_000_000));
    long[] lateness = new long[n];
    Arrays.fill(lateness, Long.MIN_VALUE);
    Thread[] timers = new Thread[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int id = i;
      timers[i] = Thread.ofVirtual().start(() -> {
        long due = System.nanoTime() + delays[id];
        try {
          Thread.sleep(Duration.ofNanos(delays[id])); // the timer under test: how late a real sleep wakes
        } catch (InterruptedException e) {
          return; // leaves Long.MIN_VALUE, which the check reports as "never fired"
        }
        lateness[id] = System.nanoTime() - due;
      });
    }
    Measure.joinAll(timers);
    return CompletableFutureWorkloads.timerFigures(lateness, System.nanoTime() - start);
  }

  /** E4: one producer and one consumer thread, n items through a queue bounded at 1,000; checks the order. */
  static List<Figure> queue(Scale scale) throws InterruptedException {
    int n = scale.pick(1_000_000, 20_000);
    BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1_000);
    long[] received = {0, 0}; // count, and the first out-of-order index + 1
    long start = System.nanoTime();
    Thread producer = Thread.ofVirtual().start(() -> {
      try {
        for (int i = 0; i < n; i++) {
          queue.put(i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread consumer = Thread.ofVirtual().start(() -> {
      try {
        for (int i = 0; i < n; i++) {
          if (queue.take() != i && received[1] == 0) {
            received[1] = i + 1L;
          }
          received[0]++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Measure.joinAll(producer, consumer);
    long nanos = System.nanoTime() - start;
    check(received[0] == n, received[0] + " of " + n + " items arrived");
    check(received[1] == 0, "item " + (received[1] - 1) + " arrived out of order");
    return List.of(Measure.rate("items_per_s", n, nanos, "items/s"));
  }

  /** E5: 1,000 virtual threads x 100 acquisitions of one lock, yielding while holding it. */
  static List<Figure> lock(Scale scale) throws InterruptedException {
    int tasks = scale.pick(1_000, 50);
    int each = 100;
    ReentrantLock lock = new ReentrantLock();
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    long[] acquisitions = {0};
    Thread[] threads = new Thread[tasks];
    long start = System.nanoTime();
    for (int t = 0; t < tasks; t++) {
      threads[t] = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < each; i++) {
          lock.lock();
          try {
            if (holders.incrementAndGet() != 1) {
              overlaps.incrementAndGet();
            }
            Thread.yield();
            acquisitions[0]++;
            holders.decrementAndGet();
          } finally {
            lock.unlock();
          }
        }
      });
    }
    Measure.joinAll(threads);
    long nanos = System.nanoTime() - start;
    check(overlaps.get() == 0, overlaps.get() + " acquisitions overlapped another holder");
    check(acquisitions[0] == (long) tasks * each, acquisitions[0] + " acquisitions instead of " + tasks * each);
    return List.of(Measure.rate("acquisitions_per_s", acquisitions[0], nanos, "acquisitions/s"));
  }

  /** E7: the seed's two tasks as virtual threads sleeping 1 s and 2 s (0.1 s and 0.2 s when quick). */
  static List<Figure> seedGather(Scale scale) throws InterruptedException {
    long unit = scale.pick(1_000, 100);
    String[] done = new String[2];
    long start = System.nanoTime();
    Thread task1 = Thread.ofVirtual().start(() -> sleepThen(unit, done, 0));
    Thread task2 = Thread.ofVirtual().start(() -> sleepThen(2 * unit, done, 1));
    Measure.joinAll(task1, task2);
    long nanos = System.nanoTime() - start;
    check("Task 1 completed".equals(done[0]) && "Task 2 completed".equals(done[1]), "a task did not complete");
    check(nanos >= Duration.ofMillis(2 * unit).toNanos(), "finished before the longer sleep ended");
    return List.of(Measure.wallSeconds("wall_s", nanos));
  }

  private static void sleepThen(long millis, String[] done, int index) {
    try {
      Thread.sleep(millis); // the seed's task: a real wait of 1 s or 2 s is what the workload times
      done[index] = "Task " + (index + 1) + " completed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
