package dev.concurrency.examples.faq;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.TaskKind;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.processes.ProcessPool;
import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.threads.CpuWork;
import dev.concurrency.threads.TaskFuture;
import dev.concurrency.threads.ThreadPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a list of {@link Work} tasks all at once on one technique (the event loop, a pool of threads, a pool of
 * child JVMs), records each task as a span of a {@link Trace} on lanes named after the run, and returns the
 * measurement: the wall time from the first submission to the last completion, and the run's spans.
 *
 * <p>Every method waits for all its tasks, at most {@link #LIMIT}, and shuts its pool down before returning, so
 * nothing outlives a run. Each method is thread-safe; a trace may be shared by runs made one after another.
 */
final class Techniques {

  /** The longest any one run may take; far above what the examples need, so only a hang reaches it. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  private Techniques() {}

  /**
   * Runs a trivial task on the event loop and on a thread pool, so that loading their classes, which happens
   * once per JVM, is not measured as part of the first run.
   */
  static void warmUp() throws Exception {
    AsyncIO.run(() -> AsyncIO.gather(() -> AsyncIO.sleep(Duration.ofMillis(1))).await());
    try (ThreadPool pool = ThreadPool.builder().workers(1).name("warm-up").build()) {
      pool.submit(() -> Work.waiting(Duration.ofMillis(1)).call()).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * {@code asyncio.gather} of the tasks on one event loop: a wait suspends its task with {@link AsyncIO#sleep};
   * a computation runs on the loop's thread and holds it, since a coroutine cannot give the thread back in the
   * middle of a loop of arithmetic.
   */
  static Measurement eventLoop(Trace trace, String run, List<Work> work) {
    long start = trace.nanos();
    AsyncIO.run(() -> AsyncIO.gather(bodies(trace, run, work)).await());
    return measured(trace, run, start);
  }

  private static AsyncRunnable[] bodies(Trace trace, String run, List<Work> work) {
    AsyncRunnable[] bodies = new AsyncRunnable[work.size()];
    for (int i = 0; i < bodies.length; i++) {
      Work w = work.get(i);
      bodies[i] =
          () -> {
            Trace.Recording span = trace.open(run, "loop");
            try {
              if (w.kind() == TaskKind.WAIT) {
                AsyncIO.sleep(w.duration()); // await asyncio.sleep(d): the loop runs others meanwhile
              } else {
                CpuWork.spin(w.rounds(), 1); // no await inside: the loop is blocked until it ends
              }
            } finally {
              span.close();
            }
          };
    }
    return bodies;
  }

  /** The tasks submitted to {@code pool} (closed here); each span sits on the row of the thread that ran it. */
  @SuppressWarnings("try") // the span is closed by the try; its body does not use it
  static Measurement threads(Trace trace, String run, List<Work> work, ThreadPool pool) throws Exception {
    long start = trace.nanos();
    try (pool) {
      List<TaskFuture<Long>> futures = new ArrayList<>();
      for (Work w : work) {
        futures.add(
            pool.submit(
                () -> {
                  try (Trace.Recording span = trace.open(run, Thread.currentThread().getName())) {
                    return w.call();
                  }
                }));
      }
      for (TaskFuture<Long> f : futures) {
        f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS); // rethrows a task's failure
      }
    }
    return measured(trace, run, start);
  }

  /**
   * The tasks on a new pool of {@code workers} child JVMs, started on demand as Python's {@code
   * ProcessPoolExecutor} does, so the measurement includes their start-up. A task is drawn from its submission to
   * its result, as the parent sees it.
   */
  static Measurement processes(Trace trace, String run, List<Work> work, int workers) throws Exception {
    long start = trace.nanos();
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(workers).build()) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < work.size(); i++) {
        Work w = work.get(i);
        SerializableCallable<Long> task = w::call;
        Trace.Recording span = trace.open(run, "child JVMs");
        futures.add(pool.submit(task).whenComplete((value, failure) -> span.close()));
      }
      for (CompletableFuture<Long> f : futures) {
        f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS); // rethrows a task's failure
      }
    }
    return measured(trace, run, start);
  }

  /**
   * How long a pool of {@code workers} child JVMs takes to start them together, run one empty task on each and
   * shut down, as the parent sees it: the cost the timing model leaves out, measured as {@link #processes} pays
   * it.
   */
  static Duration processStart(int workers) throws Exception {
    long start = System.nanoTime();
    // started on demand, as in processes(), so that both pay the same start-up
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(workers).build()) {
      List<CompletableFuture<Long>> empty = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        empty.add(pool.submit((SerializableCallable<Long>) () -> 0L));
      }
      for (CompletableFuture<Long> f : empty) {
        f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The run's wall time from {@code start} (on the trace's clock) to now, and its spans: those on lane {@code run}. */
  static Measurement measured(Trace trace, String run, long start) {
    Duration wall = Duration.ofNanos(trace.nanos() - start);
    List<Span> spans = trace.spans().stream().filter(s -> s.lane().equals(run)).toList();
    return new Measurement(run, wall, spans);
  }

  /** {@code "412.3 ms"}. */
  static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }
}
