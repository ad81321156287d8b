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
import java.util.List;
import java.util.Locale;

/**
 * FAQ Q1, "what is the difference between asynchronous programming and concurrency?", answered by running the
 * same jobs both ways: many waits, then a few computations, on one event loop (one thread) and on threads.
 *
 * <pre>{@code
 * # Python
 * await asyncio.gather(*(asyncio.sleep(0.1) for _ in range(8)))        # one thread, 8 waits overlap
 * with ThreadPoolExecutor(8) as ex: list(ex.map(time.sleep, [0.1] * 8))  # 8 threads, 8 waits overlap
 * await asyncio.gather(*(compute() for _ in range(4)))                  # no await inside: one after another
 * with ThreadPoolExecutor(2) as ex: ...                                 # Java: 2 threads on 2 cores
 * }</pre>
 *
 * <p><b>What to notice.</b> Asynchronous programming overlaps <i>waiting</i> on one thread: eight waits of
 * 100 ms take about 100 ms on the event loop, as on eight threads, with no thread per wait. It cannot overlap
 * <i>computing</i>: a computation holds the loop's only thread, so four of them take their sum. Concurrency on
 * threads runs computations on several cores at once (Java has no global interpreter lock; under CPython's GIL
 * the model predicts the sum again, printed below the table). So: async is one way to be concurrent, for
 * work that waits; threads (or processes) are the way for work that computes.
 *
 * <p><b>Run:</b> {@code ./examples.sh async-vs-threads} (add {@code --svg q1.svg} for a picture)
 *
 * <p>The last line before the timeline is the conclusion, drawn only when the run can carry it ({@link
 * dev.concurrency.examples.Verdict}); on an idle machine it reads "conclusion: the event loop overlaps waiting as
 * threads do (...) but computes one task at a time (...)".
 *
 * <p><b>Expected output</b> (a real run: 2-core machine shared with other builds, load average 12 to 25,
 * 2026-11-24; measured figures vary from run to run, most for CPU-bound work on a loaded machine):
 *
 * <pre>
 * I/O-bound: 8 waits of 100.0 ms; CPU-bound: 4 computations of about 108.1 ms; 2 cores
 * run            model                 predicted  lower bound  measured     error
 * IO loop        event loop             100.0 ms     100.0 ms  103.2 ms    +3.2 %
 * IO 8 threads   8 workers on 2 cores   100.0 ms     100.0 ms  101.5 ms    +1.5 %
 * CPU loop       event loop             432.5 ms     432.5 ms  447.5 ms    +3.5 %
 * CPU 2 threads  2 workers on 2 cores   216.2 ms     216.2 ms  470.1 ms  +117.4 %
 * CPU on 2 threads under a GIL (CPython), predicted: 432.5 ms
 * no conclusion from this run: other programs used ... % of this machine's 2 cores while this ran (more
 * than 25 %); the timings say more about the machine than about the code, so run it again on a quiet machine
 * Timeline:
 * IO loop: loop                |######......................................................|  2.3 ms .. 103.0 ms (8 spans, ...)
 * IO 8 threads: io-worker-7    |.....#######................................................|  107.8 ms .. 208.0 ms
 * ...
 * CPU loop: loop               |...........########################.........................|  209.3 ms .. 656.0 ms (4 spans, ...)
 * CPU 2 threads: cpu-worker-1  |...................................#########################|  657.5 ms .. 1.127 s (2 spans, ...)
 * CPU 2 threads: cpu-worker-0  |...................................#########################|  661.1 ms .. 1.124 s (2 spans, ...)
 * ...
 * </pre>
 */
public final class Faq02AsyncVsThreads {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "async-vs-threads",
          Group.FAQ,
          "6 Q1",
          "many waits and a few computations, on one event loop and on threads: async overlaps waiting only",
          Faq02AsyncVsThreads::run);

  /** The conclusion the four runs support, in the order: I/O loop, I/O threads, CPU loop, CPU threads. */
  static String conclusion(List<Comparison> runs) {
    return "conclusion: the event loop overlaps waiting as threads do (" + Techniques.ms(runs.get(0).measured().wall())
        + " against " + Techniques.ms(runs.get(1).measured().wall()) + ") but computes one task at a time ("
        + Techniques.ms(runs.get(2).measured().wall()) + " against " + Techniques.ms(runs.get(3).measured().wall())
        + " on threads)";
  }

  static final int WAITS = 8;
  static final int COMPUTATIONS = 4;
  static final Duration TASK = Duration.ofMillis(100);

  private Faq02AsyncVsThreads() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int cpuThreads = Math.min(cores, COMPUTATIONS);
    List<Work> io = Work.waiting(TASK).times(WAITS);
    List<Work> cpu = Work.computing(TASK).times(COMPUTATIONS);
    List<Task> ioTasks = Work.tasks("io", io);
    List<Task> cpuTasks = Work.tasks("cpu", cpu);
    out.println(String.format(Locale.ROOT, "I/O-bound: %s; CPU-bound: %s; %d cores", Work.describe(io),
        Work.describe(cpu), cores));

    Techniques.warmUp();
    Trace trace = Trace.start();
    Interference.Watch watch = Interference.watch();
    List<Comparison> comparisons =
        List.of(
            new Comparison(TimingModel.eventLoop(ioTasks), Techniques.eventLoop(trace, "IO loop", io)),
            new Comparison(TimingModel.pool(ioTasks, WAITS, cores), Techniques.threads(trace,
                "IO " + WAITS + " threads", io, ThreadPool.builder().workers(WAITS).name("io").build())),
            new Comparison(TimingModel.eventLoop(cpuTasks), Techniques.eventLoop(trace, "CPU loop", cpu)),
            new Comparison(TimingModel.pool(cpuTasks, cpuThreads, cores), Techniques.threads(trace,
                "CPU " + cpuThreads + " threads", cpu, ThreadPool.builder().workers(cpuThreads).name("cpu")
                    .build())));
    Verdict verdict = Verdict.of(watch.stop()).check(comparisons);
    out.print(ComparisonTable.render(comparisons));
    out.println("CPU on " + cpuThreads + " threads under a GIL (CPython), predicted: "
        + Techniques.ms(TimingModel.gil(cpuTasks, cpuThreads).wall()));
    verdict.print(out, conclusion(comparisons));
    Timeline.print(out, trace.spans(), comparisons.stream().map(Comparison::summary).toList(), args);
  }
}
