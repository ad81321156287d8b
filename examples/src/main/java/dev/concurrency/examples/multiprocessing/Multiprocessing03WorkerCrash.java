package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.BrokenPoolException;
import dev.concurrency.processes.ProcessPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A worker process dies in the middle of a task; its task fails at once, the other tasks finish, and the pool
 * goes on with a fresh worker.
 *
 * <pre>{@code
 * # Python original: the whole pool breaks
 * with ProcessPoolExecutor(2) as pool:
 *     futures = [pool.submit(square, n) for n in range(4)] + [pool.submit(os._exit, 3)]
 *     # every pending future: BrokenProcessPool("A process in the process pool was terminated abruptly")
 * }</pre>
 *
 * <p><b>What to notice.</b> The dying task's future fails with a {@code BrokenPoolException} that names the exit
 * code, as soon as the death is seen: nothing waits for ever. By default the pool then replaces the worker (Python
 * breaks the whole pool; {@code FaultPolicy.BREAK_POOL} does that here), so the tasks queued after the crash
 * still run, and one more task submitted afterwards runs too. The timeline is the parent's view: one row per
 * task from submit to result (the crash's row ends when the death is seen), and the pool's whole life.
 *
 * <p><b>Run:</b> {@code ./examples.sh pool-worker-crash} (add {@code --svg worker-crash.svg} for a picture)
 *
 * <p><b>Expected output</b> (then the timeline, one row per task and one for the pool):
 *
 * <pre>
 * square(0) = 0
 * square(1) = 1
 * crash task failed: worker ... died with exit code 3 while running task #3; the worker will be replaced
 * square(2) = 4
 * square(3) = 9
 * after the crash: square(7) = 49
 * Timeline:
 * ...
 * </pre>
 */
public final class Multiprocessing03WorkerCrash {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "pool-worker-crash",
          Group.MULTIPROCESSING,
          "2.2",
          "a worker JVM exits mid-task; its task fails with the exit code, the pool carries on",
          Multiprocessing03WorkerCrash::run);

  private Multiprocessing03WorkerCrash() {}

  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Trace trace = Trace.start();
    // The span is declared first so that it is closed last: it covers the pool's shutdown too.
    try (var life = trace.open("parent", "pool open .. close");
        ProcessPool pool = ProcessPool.builder().maxWorkers(2).output(out).build()) {
      List<Future<Integer>> squares = new ArrayList<>();
      squares.add(traced(trace, "square(0)", pool.submit(() -> square(0))));
      squares.add(traced(trace, "square(1)", pool.submit(() -> square(1))));
      Future<Integer> crash = traced(trace, "crash", pool.submit(Multiprocessing03WorkerCrash::crash));
      squares.add(traced(trace, "square(2)", pool.submit(() -> square(2))));
      squares.add(traced(trace, "square(3)", pool.submit(() -> square(3))));

      for (int n = 0; n < 2; n++) {
        out.println("square(" + n + ") = " + join(squares.get(n)));
      }
      try {
        crash.get();
      } catch (ExecutionException e) {
        BrokenPoolException broken = (BrokenPoolException) e.getCause();
        out.println("crash task failed: " + broken.getMessage().replaceAll("ProcessPool-\\d+-worker-\\d+ \\(pid \\d+\\)", "..."));
      }
      for (int n = 2; n < 4; n++) {
        out.println("square(" + n + ") = " + join(squares.get(n)));
      }
      out.println("after the crash: square(7) = " + join(traced(trace, "square(7)", pool.submit(() -> square(7)))));
    }
    Timeline.print(out, trace, args);
  }

  /**
   * Records the task from now, its submission, to its result as the parent sees it. The returned future
   * completes only after the span is recorded, so waiting for it also waits for the span.
   */
  private static <T> CompletableFuture<T> traced(Trace trace, String task, CompletableFuture<T> submitted) {
    Trace.Recording recording = trace.open(task, "submit .. result");
    return submitted.whenComplete((result, failure) -> recording.close());
  }

  static int square(int n) {
    return n * n;
  }

  static Integer crash() {
    System.exit(3); // the worker JVM goes away mid-task, as a native crash or an OOM kill would take it
    return -1;
  }

  private static int join(Future<Integer> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a healthy task failed", e);
    }
  }
}
