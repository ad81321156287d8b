package dev.concurrency.examples.faq;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Interference;
import dev.concurrency.examples.Timeline;
import dev.concurrency.examples.Verdict;
import dev.concurrency.model.timing.Comparison;
import dev.concurrency.model.timing.ComparisonTable;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.ThreadPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * FAQ Q2, "how do I choose a technique?", answered with evidence: the same I/O-bound and CPU-bound workloads on
 * the event loop, on platform threads, on virtual threads and on a pool of child JVMs, each measured beside the
 * timing model's prediction.
 *
 * <pre>{@code
 * # The seed's rules of thumb (FAQ Q2): async for I/O; threads for few tasks and ample resources; processes
 * # for many tasks and scarce resources; priority or time slices depending on the tasks.
 * # Python: asyncio.gather(...), ThreadPoolExecutor(2), ProcessPoolExecutor(2) on the same jobs.
 * }</pre>
 *
 * <p><b>What to notice.</b> What decides is what the tasks spend their time on, then how many there are and
 * what each technique costs. Waits need only overlap: the event loop and one virtual thread per task finish six
 * waits in about one wait's time, with one thread or a few carriers; two platform threads take three rounds; two
 * child JVMs take three rounds plus their start-up (the model adds it as {@code + process start}, measured just
 * before). Computations need cores: the loop runs them one after another, while threads of either kind and
 * processes all finish in about {@code sum / cores}, the processes later by their start-up. So, in Java: an
 * event loop or virtual threads for many waits, a pool of about {@code cores} threads for computation, and
 * processes when the work needs isolation (a crash, a native library, a separate heap) or, in CPython, to escape
 * the GIL. The seed's "threads for few tasks, processes for many" does not follow: processes cost more per task
 * than threads, in start-up and in memory. For priority versus time-slice scheduling, see {@code
 * ./examples.sh priority-vs-time-slice}.
 *
 * <p><b>Run:</b> {@code ./examples.sh choosing-technique} (add {@code --svg q2.svg} for a picture)
 *
 * <p>The line after the table is the verdict, drawn only when the run can carry it ({@link
 * dev.concurrency.examples.Verdict}): other programs left the cores alone and every timing came within 50 % of
 * its prediction. On an idle 2-core machine it reads "fastest for IO-bound tasks: IO virtual (...); for
 * CPU-bound tasks: CPU 2 threads (...)". In the loaded run below it once read "for CPU-bound tasks: CPU loop",
 * a conclusion the timings did not support (the threads got a fraction of the cores); now it says so instead.
 *
 * <p><b>Expected output</b> (a real run: 2-core machine shared with other builds, load average 12 to 25,
 * 2026-11-24; measured figures vary from run to run, most for CPU-bound work on a loaded machine):
 *
 * <pre>
 * I/O-bound: 6 waits of 100.0 ms; CPU-bound: 4 computations of about 106.5 ms; 2 cores
 * a pool of 2 child JVMs starts, runs an empty task on each and stops in 411.1 ms
 * run            model                                 predicted  lower bound  measured     error
 * IO loop        event loop                             100.0 ms     100.0 ms  100.8 ms    +0.8 %
 * IO 2 threads   2 workers on 2 cores                   300.0 ms     300.0 ms  301.3 ms    +0.4 %
 * IO virtual     6 workers on 2 cores                   100.0 ms     100.0 ms  100.7 ms    +0.7 %
 * IO processes   2 workers on 2 cores + process start   711.1 ms     300.0 ms  784.6 ms   +10.3 %
 * CPU loop       event loop                             426.0 ms     426.0 ms  432.7 ms    +1.6 %
 * CPU 2 threads  2 workers on 2 cores                   213.0 ms     213.0 ms  512.8 ms  +140.8 %
 * CPU virtual    4 workers on 2 cores                   213.0 ms     213.0 ms  637.4 ms  +199.3 %
 * CPU processes  2 workers on 2 cores + process start   624.1 ms     213.0 ms   1.081 s   +73.3 %
 * no conclusion from this run: other programs used ... % of this machine's 2 cores while this ran (more
 * than 25 %); the timings say more about the machine than about the code, so run it again on a quiet machine
 * Timeline:
 * IO loop: loop                |##..........................................................|  313.7 us .. 100.8 ms (6 spans, ...)
 * IO 2 threads: io-worker-1    |.######.....................................................|  102.1 ms .. 402.9 ms (3 spans, ...)
 * ...
 * CPU virtual: cpu-v0          |..................................######....................|  2.237 s .. 2.583 s
 * CPU virtual: cpu-v2          |.......................................#####................|  2.583 s .. 2.874 s
 * CPU processes: child JVMs    |...........................................#################|  2.875 s .. 3.945 s (4 spans, ...)
 * </pre>
 *
 * <p>In that run the machine's load (25 on 2 cores) gave the two threads less than one core between them, so
 * the loop "won" the CPU-bound race; on an idle 2-core machine the model predicts, and {@code gil-free-speedup}
 * measures, about half the loop's time.
 * The I/O-bound rows do not depend on the load: waiting needs no core.
 *
 */
public final class Faq03ChoosingTechnique {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "choosing-technique",
          Group.FAQ,
          "6 Q2",
          "I/O- and CPU-bound work on the event loop, platform and virtual threads and processes, vs the model",
          Faq03ChoosingTechnique::run);

  static final int WAITS = 6;
  static final int COMPUTATIONS = 4;
  static final Duration TASK = Duration.ofMillis(100);

  private Faq03ChoosingTechnique() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Work> io = Work.waiting(TASK).times(WAITS);
    List<Work> cpu = Work.computing(TASK).times(COMPUTATIONS);
    out.println(String.format(Locale.ROOT, "I/O-bound: %s; CPU-bound: %s; %d cores", Work.describe(io),
        Work.describe(cpu), cores));
    int workers = Math.min(cores, Math.min(WAITS, COMPUTATIONS));
    Duration processStart = Techniques.processStart(workers);
    out.println("a pool of " + workers + " child JVMs starts, runs an empty task on each and stops in "
        + Techniques.ms(processStart));

    Techniques.warmUp();
    Trace trace = Trace.start();
    Interference.Watch watch = Interference.watch();
    List<Comparison> ioRuns = compare(trace, "IO", io, workers, cores, processStart);
    List<Comparison> cpuRuns = compare(trace, "CPU", cpu, workers, cores, processStart);
    List<Comparison> all = new ArrayList<>(ioRuns);
    all.addAll(cpuRuns);
    Verdict verdict = Verdict.of(watch.stop()).check(all);
    out.print(ComparisonTable.render(all));
    verdict.print(out, "fastest for IO-bound tasks: " + fastest(ioRuns) + "; for CPU-bound tasks: " + fastest(cpuRuns));
    Timeline.print(out, trace.spans(), all.stream().map(Comparison::summary).toList(), args);
  }

  /**
   * The four techniques on one workload, in the order: the loop, {@code workers} platform threads, a virtual
   * thread per task, {@code workers} child JVMs (whose start-up, measured beforehand, is {@code start}).
   */
  private static List<Comparison> compare(
      Trace trace, String kind, List<Work> work, int workers, int cores, Duration start) throws Exception {
    List<Task> tasks = Work.tasks(kind.toLowerCase(Locale.ROOT), work);
    String lower = kind.toLowerCase(Locale.ROOT);
    return List.of(
        new Comparison(TimingModel.eventLoop(tasks), Techniques.eventLoop(trace, kind + " loop", work)),
        new Comparison(TimingModel.pool(tasks, workers, cores), Techniques.threads(trace,
            kind + " " + workers + " threads", work, ThreadPool.builder().workers(workers).name(lower).build())),
        new Comparison(TimingModel.pool(tasks, work.size(), cores), Techniques.threads(trace, kind + " virtual",
            work, ThreadPool.virtualPerTask(lower + "-v"))),
        new Comparison(TimingModel.pool(tasks, workers, cores).plus("process start", start),
            Techniques.processes(trace, kind + " processes", work, workers)));
  }

  private static String fastest(List<Comparison> runs) {
    Comparison best = runs.stream().min(Comparator.comparing(c -> c.measured().wall())).orElseThrow();
    return best.measured().label() + " (" + Techniques.ms(best.measured().wall()) + ")";
  }
}
