package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.internal.FluidPool;
import dev.concurrency.model.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Predicted wall times for a set of tasks under each way of running them (seed section 3.3, corrected).
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=techniques}
 *
 * <p>The models, for tasks with durations {@code T_i}, CPU tasks summing to {@code C} and waits to {@code W}:
 *
 * <ul>
 *   <li><b>sequential</b>: {@code sum T_i}; the only case where the seed's formula holds.
 *   <li><b>event loop</b> (one thread, every task started at once): waits overlap each other and the CPU work;
 *       CPU work runs one piece at a time on the loop thread: {@code max(C, max of the waits)}.
 *   <li><b>pool</b> of {@code k} workers on {@code c} cores: longest-processing-time-first list scheduling;
 *       waits hold a worker only, CPU tasks also share the cores (processor sharing when more are runnable than
 *       there are cores). Lower bound: {@code max(max T_i, C / min(k, c), sum T_i / k)}, which for CPU work
 *       alone is the familiar {@code max(max T_i, sum T_i / min(k, c))}. LPT is within {@code 4/3} of optimal
 *       (Graham, 1969) when all tasks are CPU work.
 *   <li><b>GIL</b>: a pool on which only one thread computes at a time, as if {@code c = 1}, while waits still
 *       overlap.
 * </ul>
 *
 * <p>Overheads (thread start, process start, context switches, memory bandwidth) are not modelled: the
 * difference between a prediction and a measurement shows them, which is the point of {@link Comparison}.
 *
 * <p>This class is stateless and thread-safe.
 *
 * <p><b>Python:</b> the same models describe {@code asyncio.gather}, {@code ThreadPoolExecutor(max_workers=k)}
 * under the GIL, and {@code ProcessPoolExecutor} / {@code multiprocessing.Pool} on {@code c} cores.
 */
public final class TimingModel {

  private TimingModel() {}

  /**
   * Tasks one after another on one thread: {@code sum T_i}.
   *
   * @param tasks the tasks, in the order they run
   * @return the prediction
   */
  public static Prediction sequential(List<Task> tasks) {
    List<Task> all = checked(tasks);
    List<Span> schedule = new ArrayList<>();
    long now = 0;
    for (Task task : all) {
      schedule.add(new Span("main", task.name(), now, now + task.nanos()));
      now += task.nanos();
    }
    Duration wall = Duration.ofNanos(now);
    return new Prediction("sequential", wall, wall, "sum of T_i", schedule);
  }

  /**
   * All tasks started at once on one event loop: {@code max(sum of CPU, max of waits)}.
   *
   * @param tasks the tasks, gathered
   * @return the prediction
   */
  public static Prediction eventLoop(List<Task> tasks) {
    List<Task> all = checked(tasks);
    List<Span> schedule = new ArrayList<>();
    long cpu = 0;
    long longestWait = 0;
    for (Task task : all) {
      if (task.kind() == TaskKind.CPU) {
        schedule.add(new Span("event loop", task.name(), cpu, cpu + task.nanos()));
        cpu += task.nanos();
      } else {
        schedule.add(new Span("waiting", task.name(), 0, task.nanos()));
        longestWait = Math.max(longestWait, task.nanos());
      }
    }
    Duration wall = Duration.ofNanos(Math.max(cpu, longestWait));
    return new Prediction("event loop", wall, wall, "max(sum of CPU T_i, max of waiting T_i)", schedule);
  }

  /**
   * Tasks on a pool of {@code workers} threads or processes over {@code cores} cores, longest first.
   *
   * @param tasks the tasks, submitted together
   * @param workers how many threads or processes the pool has
   * @param cores how many cores they share
   * @return the prediction
   * @throws IllegalArgumentException if {@code workers} or {@code cores} is less than 1
   */
  public static Prediction pool(List<Task> tasks, int workers, int cores) {
    checkArgument(workers >= 1, "workers is %s; a pool needs at least 1", workers);
    checkArgument(cores >= 1, "cores is %s; a machine has at least 1", cores);
    return poolOn(checked(tasks), workers, cores, plural(workers, "worker") + " on " + plural(cores, "core"), "LPT list schedule");
  }

  /**
   * Tasks on {@code threads} threads under a global interpreter lock: CPU work one thread at a time, waits
   * overlapping.
   *
   * @param tasks the tasks, submitted together
   * @param threads how many threads the pool has
   * @return the prediction
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static Prediction gil(List<Task> tasks, int threads) {
    checkArgument(threads >= 1, "threads is %s; a pool needs at least 1", threads);
    return poolOn(checked(tasks), threads, 1, plural(threads, "thread") + " under a GIL", "LPT list schedule, CPU serialised");
  }

  /**
   * The least wall time any schedule can reach: {@code max(max T_i, C / min(k, c), sum T_i / k)}.
   *
   * @param tasks the tasks
   * @param workers {@code k}, how many threads or processes run them
   * @param cores {@code c}, how many cores they share
   * @return the lower bound
   * @throws IllegalArgumentException if {@code workers} or {@code cores} is less than 1
   */
  public static Duration lowerBound(List<Task> tasks, int workers, int cores) {
    checkArgument(workers >= 1 && cores >= 1, "workers (%s) and cores (%s) must be at least 1", workers, cores);
    List<Task> all = checked(tasks);
    long longest = all.stream().mapToLong(Task::nanos).max().orElse(0);
    long total = all.stream().mapToLong(Task::nanos).sum();
    long cpu = all.stream().filter(t -> t.kind() == TaskKind.CPU).mapToLong(Task::nanos).sum();
    long cpuBound = ceilDiv(cpu, Math.min(workers, cores));
    return Duration.ofNanos(Math.max(longest, Math.max(cpuBound, ceilDiv(total, workers))));
  }

  private static Prediction poolOn(List<Task> tasks, int workers, int cores, String technique, String formula) {
    List<FluidPool.Job> longestFirst =
        tasks.stream()
            .sorted(Comparator.comparing(Task::duration).reversed())
            .map(t -> new FluidPool.Job(t.name(), t.kind() == TaskKind.CPU, t.nanos()))
            .toList();
    FluidPool.Result result = FluidPool.run(longestFirst, workers, cores);
    Duration bound = lowerBound(tasks, workers, cores);
    // The fluid simulation rounds to whole nanoseconds; never report a prediction below the bound.
    Duration wall = Duration.ofNanos(Math.max(result.makespanNanos(), bound.toNanos()));
    return new Prediction(technique, wall, bound, formula, result.spans());
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static long ceilDiv(long x, int y) {
    return -Math.floorDiv(-x, y);
  }

  private static List<Task> checked(List<Task> tasks) {
    requireNonNull(tasks, "tasks");
    for (Task task : tasks) {
      requireNonNull(task, "tasks holds a null task");
    }
    return List.copyOf(tasks);
  }
}
