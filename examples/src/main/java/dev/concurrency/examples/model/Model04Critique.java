package dev.concurrency.examples.model;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Interference;
import dev.concurrency.examples.Timeline;
import dev.concurrency.examples.Verdict;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.ComparisonTable;
import dev.concurrency.model.timing.Measurement;
import dev.concurrency.model.timing.Prediction;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Section 3.3's formula put to the test: the same four tasks, I/O-bound and then CPU-bound, run on one thread
 * and on two, measured, and set beside three candidate formulas: the seed's sum, {@code max T_i}, and
 * {@code sum T_i / cores}.
 *
 * <pre>{@code
 * # Seed section 3.3: "T_total = T_1 + T_2 + ... + T_n"
 * # With concurrency this is an upper bound, reached only when nothing overlaps.
 * }</pre>
 *
 * <p><b>What to notice.</b> On one thread every workload takes the sum: the seed's formula. On two threads the
 * waits overlap whatever the machine, so the I/O-bound run halves. The CPU-bound run halves only if two cores
 * are free: its lower bound is {@code max(max T_i, sum T_i / min(threads, cores))}. The error column shows how
 * far reality is from the model: thread start-up, the JIT, and on a shared machine, other people's work.
 *
 * <p><b>Run:</b> {@code ./examples.sh model-critique} (add {@code --svg critique.svg} for a picture)
 *
 * <p>The conclusion is drawn only when the run can carry it ({@link dev.concurrency.examples.Verdict}); on a
 * loaded machine the line says why there is none.
 *
 * <p><b>Expected output</b> (measured figures vary; a 2-core machine, idle):
 *
 * <pre>
 * 4 I/O-bound tasks of 100.0 ms: seed sum 400.0 ms, max 100.0 ms, sum/2 cores 200.0 ms
 * 4 CPU-bound tasks of about 100.0 ms: ...
 * run             model                  predicted  lower bound  measured  error
 * IO 1 thread     1 workers on 2 cores    400.0 ms     400.0 ms  401.2 ms  +0.3 %
 * IO 2 threads    2 workers on 2 cores    200.0 ms     200.0 ms  201.0 ms  +0.5 %
 * CPU 1 thread    1 workers on 2 cores    ...
 * CPU 2 threads   2 workers on 2 cores    ...
 * measured speedup of 2 threads over 1: I/O-bound 2.00x, CPU-bound 1.9...x (2 cores available to this JVM)
 * conclusion: T_total = sum T_i holds for one thread only; on two, waits overlap fully and computations as far
 * as the cores allow, as max(T_i) and sum(T_i) / cores predict
 * Timeline:
 * ...
 * </pre>
 */
public final class Model04Critique {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "model-critique",
          Group.MODEL,
          "3.3",
          "sum vs max vs sum/cores: I/O- and CPU-bound tasks measured on 1 and 2 threads",
          Model04Critique::run);

  static final int TASKS = 4;
  static final Duration TASK = Duration.ofMillis(100);
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** Keeps the computed values alive so the JIT cannot drop the work. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  private Model04Critique() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    Interference.Watch watch = Interference.watch();
    List<Comparison> comparisons = measure(trace, out);
    Verdict verdict = Verdict.of(watch.stop()).check(comparisons);
    out.print(ComparisonTable.render(comparisons));
    out.println(String.format(Locale.ROOT, "measured speedup of 2 threads over 1: I/O-bound %.2fx, CPU-bound %.2fx"
        + " (%d cores available to this JVM)", speedup(comparisons.get(0), comparisons.get(1)),
        speedup(comparisons.get(2), comparisons.get(3)), Runtime.getRuntime().availableProcessors()));
    verdict.print(out, "conclusion: T_total = sum T_i holds for one thread only; on two, waits overlap fully and"
        + " computations as far as the cores allow, as max(T_i) and sum(T_i) / cores predict");
    Timeline.print(out, trace.spans(), comparisons.stream().map(Comparison::summary).toList(), args);
  }

  /** Runs the four measurements into {@code trace}, printing the workloads, and returns them with predictions. */
  static List<Comparison> measure(Trace trace, PrintStream out) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    long iterations = calibrate(TASK);
    // the best of three: the task's own cost, without the interference a loaded machine adds on top
    Duration cpuTask = timeOne(iterations);
    for (int i = 0; i < 2; i++) {
      Duration again = timeOne(iterations);
      cpuTask = again.compareTo(cpuTask) < 0 ? again : cpuTask;
    }
    List<Task> io = Collections.nCopies(TASKS, Task.waiting("io", TASK));
    List<Task> cpu = Collections.nCopies(TASKS, Task.cpu("cpu", cpuTask));
    describe(out, "I/O-bound tasks of", io, cores);
    describe(out, "CPU-bound tasks of about", cpu, cores);

    List<Comparison> comparisons = new ArrayList<>();
    for (int threads = 1; threads <= 2; threads++) {
      comparisons.add(runOn(trace, "IO " + label(threads), threads, io, cores, i -> sleep(TASK)));
    }
    for (int threads = 1; threads <= 2; threads++) {
      comparisons.add(runOn(trace, "CPU " + label(threads), threads, cpu, cores, i -> sink = spin(iterations)));
    }
    return comparisons;
  }

  private static double speedup(Comparison one, Comparison two) {
    return (double) one.measured().wall().toNanos() / two.measured().wall().toNanos();
  }

  private static String label(int threads) {
    return threads + (threads == 1 ? " thread" : " threads");
  }

  private static void describe(PrintStream out, String what, List<Task> tasks, int cores) {
    Duration each = tasks.get(0).duration();
    out.println(String.format(Locale.ROOT, "%d %s %s: seed sum %s, max %s, sum/%d cores %s", tasks.size(), what,
        format(each), format(each.multipliedBy(tasks.size())), format(each), cores,
        format(each.multipliedBy(tasks.size()).dividedBy(cores))));
  }

  private static String format(Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }

  /** Runs the tasks on a fixed pool of {@code threads}, each span on its worker's lane, and compares. */
  private static Comparison runOn(
      Trace trace, String run, int threads, List<Task> tasks, int cores, Consumer<Integer> body) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, new ThreadFactoryBuilder().setNameFormat(run + " #%d").build());
    long start = trace.nanos();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  String lane = Thread.currentThread().getName();
                  Trace.Recording span = trace.open(lane, lane);
                  try {
                    body.accept(index);
                  } finally {
                    span.close();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS); // rethrows a task's failure
      }
    } finally {
      pool.shutdown();
      if (!pool.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
        throw new IllegalStateException(run + ": the pool did not stop within " + LIMIT);
      }
    }
    Duration wall = Duration.ofNanos(trace.nanos() - start);
    List<Span> spans = trace.spans().stream().filter(s -> s.lane().startsWith(run + " #")).toList();
    Prediction predicted = TimingModel.pool(tasks, threads, cores);
    return new Comparison(predicted, new Measurement(run, wall, spans));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d); // the "I/O": a wait that needs no CPU
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  /** CPU-bound work: an xorshift loop the JIT cannot fold away. */
  static long spin(long iterations) {
    long x = 88172645463325252L;
    for (long i = 0; i < iterations; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /** Finds how many iterations take about {@code target} on this machine, after warming the JIT. */
  private static long calibrate(Duration target) {
    long iterations = 1_000_000;
    for (int round = 0; round < 5; round++) {
      long took = timeOne(iterations).toNanos();
      iterations = Math.max(1_000, (long) ((double) iterations * target.toNanos() / Math.max(1, took)));
    }
    return iterations;
  }

  private static Duration timeOne(long iterations) {
    long start = System.nanoTime();
    sink = spin(iterations);
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
