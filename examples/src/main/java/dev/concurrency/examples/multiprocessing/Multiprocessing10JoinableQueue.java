package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.processes.CType;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.JoinableProcessQueue;
import dev.concurrency.processes.SerializableRunnable;
import dev.concurrency.processes.SharedArray;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two worker processes take tasks from a joinable queue; the parent's {@code join} returns once every task is
 * marked done.
 *
 * <pre>{@code
 * # Python original
 * def worker(tasks, squares):
 *     while True:
 *         n = tasks.get()
 *         if n is not None:
 *             squares[n] = n * n
 *         tasks.task_done()
 *         if n is None:
 *             break
 * tasks = multiprocessing.JoinableQueue()
 * squares = multiprocessing.Array('q', 10)
 * for n in range(10):
 *     tasks.put(n)
 * # no worker yet: nothing is done
 * workers = [multiprocessing.Process(target=worker, args=(tasks, squares)) for _ in range(2)]
 * for w in workers: w.start()
 * tasks.join()                           # returns after ten task_done() calls
 * print(squares[:])
 * for w in workers: tasks.put(None)      # one stop signal per worker
 * for w in workers: w.join()
 * }</pre>
 *
 * <p><b>What to notice.</b> The queue counts unfinished tasks across processes: each {@code put} adds one,
 * each {@code taskDone()} in a worker takes one away, and {@code join} waits for zero. Before the workers start,
 * a bounded {@code join} gives up with ten unfinished; once it returns, every square is in the shared array,
 * because each worker writes its square before it calls {@code taskDone()}. The stop signals are tasks too.
 *
 * <p><b>Run:</b> {@code ./examples.sh joinable-queue}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * put 10 tasks; no worker yet: join(100 ms) returned false, 10 unfinished
 * join() returned: 0 unfinished
 * squares: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
 * both workers stopped, exit codes [0, 0]
 * </pre>
 */
public final class Multiprocessing10JoinableQueue {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "joinable-queue",
          Group.MULTIPROCESSING,
          "2.2",
          "two worker processes take tasks from a JoinableProcessQueue; join returns when every task is done",
          Multiprocessing10JoinableQueue::run);

  private static final int TASKS = 10;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Multiprocessing10JoinableQueue() {}

  /** A worker: squares numbers until it takes the stop signal ({@code null}). */
  record Worker(JoinableProcessQueue tasks, SharedArray<Long> squares) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        while (true) {
          Integer n = (Integer) tasks.get(WAIT);
          try {
            if (n == null) {
              return;
            }
            squares.set(n, (long) n * n);
          } finally {
            tasks.taskDone();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    JoinableProcessQueue tasks = JoinableProcessQueue.create();
    SharedArray<Long> squares = SharedArray.create(CType.LONG_LONG, TASKS);
    List<ChildProcess> workers = new ArrayList<>();
    try {
      for (int n = 0; n < TASKS; n++) {
        tasks.put(n);
      }
      boolean joined = tasks.join(Duration.ofMillis(100));
      out.println("put " + TASKS + " tasks; no worker yet: join(100 ms) returned " + joined + ", "
          + tasks.unfinishedTasks() + " unfinished");
      for (int i = 0; i < 2; i++) {
        ChildProcess worker = ChildProcess.builder(new Worker(tasks, squares)).output(out).build();
        worker.start();
        workers.add(worker);
      }
      if (!tasks.join(WAIT)) {
        throw new IllegalStateException("the workers did not finish within " + WAIT);
      }
      out.println("join() returned: " + tasks.unfinishedTasks() + " unfinished");
      out.println("squares: " + squares.toList());
      for (int i = 0; i < workers.size(); i++) {
        tasks.put(null);
      }
      List<Integer> exitCodes = new ArrayList<>();
      for (ChildProcess worker : workers) {
        worker.join();
        exitCodes.add(worker.exitCode().orElseThrow());
      }
      out.println("both workers stopped, exit codes " + exitCodes);
    } finally {
      for (ChildProcess worker : workers) {
        if (worker.isAlive()) {
          worker.kill();
        }
      }
      tasks.unlink();
    }
  }
}
