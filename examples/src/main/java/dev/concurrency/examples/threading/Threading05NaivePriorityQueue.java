package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wrong on purpose: a {@code ThreadPoolExecutor} over a {@code PriorityBlockingQueue} looks like a priority
 * executor and breaks on the first {@code submit} that has to wait.
 *
 * <pre>{@code
 * # Python's recipe works because the queue holds (priority, count, task) tuples, which compare:
 * q = queue.PriorityQueue(); q.put((1, next(counter), job))
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code submit} wraps the task in a {@code FutureTask}, which is not {@code
 * Comparable}, so the queue throws {@code ClassCastException} when it tries to order it. It does not even fail at
 * once: the pool's first {@code corePoolSize} tasks go straight to new worker threads and bypass the queue (so
 * they also ignore priorities). Here the workers are started up front, and the very first submit fails. The fix
 * is {@code PriorityExecutor} ({@code ./examples.sh priority-executor}): every queued entry is a comparable
 * (key, arrival number, task) record, the Java form of Python's tuple.
 *
 * <p><b>Run:</b> {@code ./examples.sh priority-naive-submit}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * ThreadPoolExecutor(1 worker, PriorityBlockingQueue), worker already started
 * submit(() -&gt; 42) threw ClassCastException: class java.util.concurrent.FutureTask cannot be cast to class java.lang.Comparable ...
 * the pool ran 0 tasks
 * </pre>
 */
public final class Threading05NaivePriorityQueue {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "priority-naive-submit",
          Group.THREADING,
          "6 Q2",
          "wrong on purpose: ThreadPoolExecutor over PriorityBlockingQueue throws ClassCastException on submit",
          Threading05NaivePriorityQueue::run);

  private Threading05NaivePriorityQueue() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    ThreadPoolExecutor naive =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<Runnable>());
    try {
      naive.prestartAllCoreThreads();
      out.println("ThreadPoolExecutor(1 worker, PriorityBlockingQueue), worker already started");
      try {
        naive.submit(() -> 42);
        out.println("submit succeeded (unexpected on this JDK)");
      } catch (ClassCastException e) {
        out.println("submit(() -> 42) threw ClassCastException: " + e.getMessage());
      }
    } finally {
      naive.shutdown();
      naive.awaitTermination(10, TimeUnit.SECONDS);
    }
    out.println("the pool ran " + naive.getCompletedTaskCount() + " tasks");
  }
}
