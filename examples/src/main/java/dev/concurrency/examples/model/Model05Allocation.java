package dev.concurrency.examples.model;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.sched.Job;
import dev.concurrency.model.sched.Policy;
import dev.concurrency.model.sched.Schedule;
import dev.concurrency.model.sched.SchedulerConfig;
import dev.concurrency.model.sched.Simulator;
import dev.concurrency.model.timing.Prediction;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Section 5's "better task allocation on many cores": seven CPU-bound tasks on two cores, handed out in the
 * order given, longest first (LPT), and split optimally, against the lower bound.
 *
 * <pre>{@code
 * # Python: with multiprocessing.Pool(2) as pool: pool.map(work, [2, 3, 3, 4, 5, 6, 7])
 * # Pool.map hands the tasks out in the order given; the order decides the wall time.
 * }</pre>
 *
 * <p><b>What to notice.</b> No schedule can beat {@code max(max T_i, sum T_i / cores)} = 15. Handing the tasks
 * out in the order given leaves the longest task for last and takes 17; sorting them longest first takes 16,
 * and Graham proved LPT is never worse than {@code 4/3 - 1/(3m)} times the optimum. The optimum here (15, found
 * by trying all 128 splits) meets the bound, which is not always possible. Sorting costs nothing and wins.
 *
 * <p><b>Run:</b> {@code ./examples.sh model-allocation} (add {@code --svg lpt.svg} for the picture)
 *
 * <p><b>Expected output</b> (exact), beginning:
 *
 * <pre>
 * 7 CPU-bound tasks (ms): [2, 3, 3, 4, 5, 6, 7] on 2 cores, 30 ms of work
 * lower bound max(max T_i, sum T_i / cores): 15 ms
 * optimum (all 128 splits tried):            15 ms
 * in the order given (list scheduling):      17 ms
 * longest first (LPT):                       16 ms  (Graham's guarantee: at most 17.5 ms)
 * TimingModel.pool predicts:                 16.0 ms
 * </pre>
 */
public final class Model05Allocation {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "model-allocation",
          Group.MODEL,
          "5",
          "tasks on 2 cores: in order 17, longest first 16, optimum and lower bound 15",
          Model05Allocation::run);

  static final List<Long> BURSTS = List.of(2L, 3L, 3L, 4L, 5L, 6L, 7L);
  private static final int CORES = 2;

  private Model05Allocation() {}

  static void run(PrintStream out, List<String> args) {
    long sum = BURSTS.stream().mapToLong(Long::longValue).sum();
    long longest = BURSTS.stream().mapToLong(Long::longValue).max().orElseThrow();
    SchedulerConfig machine = SchedulerConfig.builder().cpus(CORES).build();
    List<Job> inOrder = IntStream.range(0, BURSTS.size()).mapToObj(i -> Job.of("T" + i, 0, BURSTS.get(i))).toList();
    List<Job> longestFirst = inOrder.stream().sorted(Comparator.comparingLong(Job::burst).reversed()).toList();
    // FCFS on a shared ready queue is exactly list scheduling: each free core takes the next task in line
    long listMakespan = Simulator.run(inOrder, Policy.fcfs(), machine).makespan();
    Schedule lpt = Simulator.run(longestFirst, Policy.fcfs(), machine);
    double graham = (4.0 / 3 - 1.0 / (3 * CORES)) * optimum();
    Prediction model =
        TimingModel.pool(BURSTS.stream().map(b -> Task.cpu("T", Duration.ofMillis(b))).toList(), CORES, CORES);

    out.println(BURSTS.size() + " CPU-bound tasks (ms): " + BURSTS + " on " + CORES + " cores, " + sum + " ms of work");
    out.println("lower bound max(max T_i, sum T_i / cores): " + Math.max(longest, (sum + CORES - 1) / CORES) + " ms");
    out.println("optimum (all " + (1 << BURSTS.size()) + " splits tried):            " + optimum() + " ms");
    out.println("in the order given (list scheduling):      " + listMakespan + " ms");
    out.println("longest first (LPT):                       " + lpt.makespan() + " ms  (Graham's guarantee: at most "
        + String.format(Locale.ROOT, "%.1f", graham) + " ms)");
    out.println("TimingModel.pool predicts:                 " + model.wall().toNanos() / 1e6 + " ms");
    Timeline.print(out, lpt.spans(Duration.ofMillis(1)), List.of("LPT on 2 cores: " + lpt.makespan() + " ms"), args);
  }

  /** The best two-core makespan, by trying every way to split the tasks between the cores. */
  static long optimum() {
    long sum = BURSTS.stream().mapToLong(Long::longValue).sum();
    long best = Long.MAX_VALUE;
    for (int mask = 0; mask < 1 << BURSTS.size(); mask++) {
      long first = 0;
      for (int i = 0; i < BURSTS.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          first += BURSTS.get(i);
        }
      }
      best = Math.min(best, Math.max(first, sum - first));
    }
    return best;
  }
}
