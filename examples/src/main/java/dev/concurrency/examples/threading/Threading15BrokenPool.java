package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.BrokenThreadPoolException;
import dev.concurrency.threads.TaskFuture;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pool's initializer, Python's {@code initializer=} and {@code initargs=}: run once in every worker before its
 * first task, and what happens when it fails: the pool is broken, as Python's {@code BrokenThreadPool}.
 *
 * <pre>{@code
 * # Python
 * def connect(url): local.db = open_connection(url)     # raises if the database is down
 * with ThreadPoolExecutor(2, initializer=connect, initargs=("db://orders",)) as pool:
 *     f = pool.submit(count_orders)
 *     f.result()          # BrokenThreadPool if connect raised; later submits raise it too
 * }</pre>
 *
 * <p><b>What to notice.</b> With a working initializer each worker sets up its own state (here a per-thread
 * "connection") once, before any task. When it fails, tasks waiting in the queue fail with {@code
 * BrokenThreadPoolException}, whose cause is what the initializer threw (Python only logs that), every later
 * {@code submit} is refused the same way, and the pool shuts itself down. Nothing hangs and nothing is lost.
 *
 * <p><b>Run:</b> {@code ./examples.sh broken-pool}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * healthy pool: each worker connected once, before its tasks: [orders-worker-0, orders-worker-1]
 * initializer fails: 3 waiting tasks failed with BrokenThreadPoolException, caused by IllegalStateException: database down
 * submit afterwards: BrokenThreadPoolException (pool broken: true, shut down: true)
 * the initializer's failure was also reported: IllegalStateException: database down
 * </pre>
 */
@SuppressWarnings("try") // trace Recordings are opened and closed for their spans only, never read
public final class Threading15BrokenPool {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "broken-pool",
          Group.THREADING,
          "2.2, 5",
          "ThreadPool initializer with an argument, and the broken pool when it fails (Python's BrokenThreadPool)",
          Threading15BrokenPool::run);

  private static final ThreadLocal<String> CONNECTION = new ThreadLocal<>();

  private Threading15BrokenPool() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    healthy(out, trace);
    broken(out, trace);
    Timeline.print(out, trace, args);
  }

  private static void healthy(PrintStream out, Trace trace) throws Exception {
    Set<String> connected = new ConcurrentSkipListSet<>();
    try (ThreadPool pool = ThreadPool.builder()
        .workers(2)
        .name("orders")
        .initializer((String url) -> {
          try (var r = trace.open("connect")) {
            CONNECTION.set(url);
            connected.add(Thread.currentThread().getName());
          }
        }, "db://orders")
        .build()) {
      CountDownLatch both = new CountDownLatch(2);
      List<TaskFuture<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        tasks.add(pool.submit(() -> {
          try (var r = trace.open("task")) {
            both.countDown();
            both.await(); // one task on each worker
            return CONNECTION.get();
          }
        }));
      }
      for (TaskFuture<String> t : tasks) {
        t.get();
      }
    }
    out.println("healthy pool: each worker connected once, before its tasks: " + new TreeSet<>(connected));
  }

  private static void broken(PrintStream out, Trace trace) throws Exception {
    CountDownLatch tasksQueued = new CountDownLatch(1);
    AtomicReference<Throwable> reported = new AtomicReference<>();
    ThreadPool pool = ThreadPool.builder()
        .workers(1)
        .name("broken")
        .uncaughtExceptionHandler((thread, e) -> reported.set(e))
        .initializer(() -> {
          try (var r = trace.open("connect (fails)")) {
            awaitQuietly(tasksQueued); // so that some tasks are waiting when it fails
            throw new IllegalStateException("database down");
          }
        })
        .build();
    List<TaskFuture<Integer>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      waiting.add(pool.submit(() -> n));
    }
    tasksQueued.countDown();
    int failed = 0;
    Throwable cause = null;
    for (TaskFuture<Integer> f : waiting) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof BrokenThreadPoolException broken) {
          failed++;
          cause = broken.getCause();
        }
      }
    }
    out.printf("initializer fails: %d waiting tasks failed with BrokenThreadPoolException, caused by %s: %s%n",
        failed, cause == null ? "nothing" : cause.getClass().getSimpleName(), cause == null ? "" : cause.getMessage());
    String refused;
    try {
      pool.submit(() -> 42);
      refused = "accepted";
    } catch (BrokenThreadPoolException e) {
      refused = e.getClass().getSimpleName();
    }
    pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    out.printf("submit afterwards: %s (pool broken: %s, shut down: %s)%n", refused, pool.isBroken(), pool.isShutdown());
    Throwable r = reported.get();
    out.println("the initializer's failure was also reported: "
        + (r == null ? "no" : r.getClass().getSimpleName() + ": " + r.getMessage()));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
