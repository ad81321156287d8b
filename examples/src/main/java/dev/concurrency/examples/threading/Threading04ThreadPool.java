package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.AsCompleted;
import dev.concurrency.threads.ConcurrentFutures;
import dev.concurrency.threads.CpuWork;
import dev.concurrency.threads.DoneAndNotDone;
import dev.concurrency.threads.ReturnWhen;
import dev.concurrency.threads.Saturation;
import dev.concurrency.threads.TaskFuture;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A {@code concurrent.futures}-style pool: submit, ordered map, as_completed, wait, shutdown with
 * cancel_futures, and a bounded queue that pushes back on the producer.
 *
 * <pre>{@code
 * # Python
 * with ThreadPoolExecutor(max_workers=2, thread_name_prefix="demo") as pool:
 *     print(list(pool.map(square, range(6))))
 *     futures = [pool.submit(job, n) for n in (3, 1, 2)]
 *     for f in as_completed(futures): print(f.result())
 *     done, not_done = wait(futures, return_when=FIRST_COMPLETED)
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code map} returns results in input order however the workers finish. {@code
 * asCompleted} yields futures in the order they finish: job 1 (the shortest) first. The futures are {@code
 * CompletableFuture}s, so {@code thenApply} works on them. With a queue of 2 and the {@code BLOCK} policy, the
 * producer of 6 tasks waits for room instead of queueing without bound. {@code shutdown(true, true)} cancels
 * what is still queued and waits for what runs.
 *
 * <p><b>Run:</b> {@code ./examples.sh thread-pool}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * map, in input order: [0, 1, 4, 9, 16, 25]
 * as completed: job 1, job 2, job 3
 * wait FIRST_COMPLETED: 1 done, 1 not done
 * composed with thenApply: JOB 1
 * bounded queue (2) under BLOCK: 6 tasks submitted, 6 ran, producer waited for room
 * shutdown(wait, cancelFutures): 2 queued tasks cancelled, 1 running task finished
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading04ThreadPool {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "thread-pool",
          Group.THREADING,
          "2.2, 5",
          "concurrent.futures-style ThreadPool: submit, map, asCompleted, wait, bounded queue, shutdown",
          Threading04ThreadPool::run);

  private Threading04ThreadPool() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    try (ThreadPool pool = ThreadPool.builder().workers(2).name("demo").build()) {
      out.println("map, in input order: " + pool.map(n -> n * n, List.of(0, 1, 2, 3, 4, 5)));

      // job n finishes only after job n-1 has: the completion order is 1, 2, 3 whatever the scheduler does
      CompletableFuture<String> go = new CompletableFuture<>();
      List<CompletableFuture<String>> chain = new ArrayList<>();
      CompletableFuture<String> previous = go;
      for (int n = 1; n <= 3; n++) {
        chain.add(job(pool, trace, n, previous));
        previous = chain.get(n - 1);
      }
      List<CompletableFuture<String>> submitted = List.of(chain.get(2), chain.get(0), chain.get(1));
      // asCompleted first, then let the jobs go: futures already done when it is called come first, in the
      // order given, and the point here is the order of completion
      AsCompleted<CompletableFuture<String>> asCompleted =
          ConcurrentFutures.asCompleted(submitted, Duration.ofSeconds(30));
      go.complete("");
      List<String> order = new ArrayList<>();
      for (CompletableFuture<String> f : asCompleted) {
        order.add(f.resultNow());
      }
      out.println("as completed: " + String.join(", ", order));

      CompletableFuture<String> never = new CompletableFuture<>();
      DoneAndNotDone<CompletableFuture<String>> first =
          ConcurrentFutures.waitFor(List.of(chain.get(0), never), ReturnWhen.FIRST_COMPLETED, null);
      out.printf("wait FIRST_COMPLETED: %d done, %d not done%n", first.done().size(), first.notDone().size());
      out.println("composed with thenApply: " + chain.get(0).thenApply(String::toUpperCase).join());
    }
    boundedQueue(out, trace);
    shutdownCancelling(out);
    Timeline.print(out, trace, args);
  }

  private static TaskFuture<String> job(ThreadPool pool, Trace trace, int n, CompletableFuture<String> after) {
    return pool.submit(() -> {
      after.join();
      try (var r = trace.open("job " + n)) {
        CpuWork.spin(1_000_000, n);
      }
      return "job " + n;
    });
  }

  private static void boundedQueue(PrintStream out, Trace trace) throws Exception {
    try (ThreadPool pool =
        ThreadPool.builder().workers(1).queueCapacity(2).saturation(Saturation.BLOCK).name("bounded").build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      TaskFuture<Boolean> first = pool.submit(() -> {
        started.countDown();
        release.await();
        return true;
      });
      started.await(); // the worker is busy: from now on submitted tasks wait in the queue
      List<TaskFuture<Integer>> rest = Collections.synchronizedList(new ArrayList<>());
      Thread producer = Thread.ofPlatform().name("producer").start(() -> {
        for (int i = 0; i < 5; i++) {
          int n = i;
          rest.add(pool.submit(() -> n));
        }
      });
      // the producer fills the queue (2) and then blocks on the third: wait until it is parked there
      while (producer.isAlive() && producer.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
      boolean waited = rest.size() == 2;
      try (var r = trace.open("producer", "blocked on a full queue")) {
        release.countDown();
        producer.join();
      }
      first.get();
      int ran = 1;
      synchronized (rest) {
        for (TaskFuture<Integer> f : rest) {
          f.get();
          ran++;
        }
      }
      out.printf("bounded queue (2) under BLOCK: 6 tasks submitted, %d ran, producer %s%n",
          ran, waited ? "waited for room" : "did not wait");
    }
  }

  private static void shutdownCancelling(PrintStream out) throws Exception {
    ThreadPool pool = ThreadPool.builder().workers(1).name("closing").build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TaskFuture<String> running = pool.submit(() -> {
      started.countDown();
      release.await();
      return "finished";
    });
    started.await();
    List<TaskFuture<String>> queued = List.of(pool.submit(() -> "a"), pool.submit(() -> "b"));
    Thread closer = Thread.ofPlatform().start(() -> {
      try {
        pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    while (closer.isAlive() && queued.stream().anyMatch(f -> !f.isCancelled())) {
      Thread.onSpinWait(); // until shutdown has cancelled the queued tasks (it then waits for the running one)
    }
    release.countDown();
    closer.join();
    long cancelled = queued.stream().filter(CompletableFuture::isCancelled).count();
    out.printf("shutdown(wait, cancelFutures): %d queued tasks cancelled, 1 running task %s%n",
        cancelled, running.get());
  }
}
