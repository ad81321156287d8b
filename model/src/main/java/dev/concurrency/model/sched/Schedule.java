package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.trace.Gantt;
import dev.concurrency.model.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The outcome of a simulation: what ran where and when, and how each job fared.
 *
 * <p>Overall figures: the <i>makespan</i> runs from the first arrival to the last completion; <i>throughput</i>
 * is jobs per tick over the makespan; <i>utilisation</i> is the fraction of CPU time over the makespan spent
 * running jobs (switching and idling are not).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param policy the policy simulated
 * @param config the machine
 * @param slices every stretch of CPU time, ordered by start then CPU
 * @param stats one entry per job, in the order the jobs were given
 */
public record Schedule(Policy policy, SchedulerConfig config, List<Slice> slices, List<JobStats> stats) {

  /** Checks and copies the parts. */
  public Schedule {
    requireNonNull(policy, "policy");
    requireNonNull(config, "config");
    slices = List.copyOf(slices);
    stats = List.copyOf(stats);
  }

  /** {@return the makespan: from the first arrival to the last completion, in ticks; 0 with no jobs} */
  public long makespan() {
    long first = stats.stream().mapToLong(s -> s.job().arrival()).min().orElse(0);
    long last = stats.stream().mapToLong(JobStats::completion).max().orElse(0);
    return last - first;
  }

  /** {@return the throughput: jobs completed per tick over the makespan} */
  public double throughput() {
    long span = makespan();
    return span == 0 ? 0 : (double) stats.size() / span;
  }

  /** {@return the fraction of CPU time, over the makespan on every CPU, spent running jobs} */
  public double utilisation() {
    long span = makespan();
    long busy = slices.stream().filter(s -> s.kind() == Slice.Kind.RUN).mapToLong(Slice::length).sum();
    return span == 0 ? 0 : (double) busy / ((long) config.cpus() * span);
  }

  /** {@return the mean waiting time over the jobs} */
  public double meanWaiting() {
    return mean(JobStats::waiting);
  }

  /** {@return the mean turnaround time over the jobs} */
  public double meanTurnaround() {
    return mean(JobStats::turnaround);
  }

  /** {@return the mean response time over the jobs} */
  public double meanResponse() {
    return mean(JobStats::response);
  }

  /**
   * {@return how many times a CPU started running a job other than the one it ran last} These are the context
   * switches, whether or not the configuration charges for them.
   */
  public long contextSwitches() {
    Map<Integer, String> last = new HashMap<>();
    long switches = 0;
    for (Slice s : slices) {
      if (s.kind() == Slice.Kind.RUN) {
        String before = last.put(s.cpu(), s.job());
        if (before != null && !before.equals(s.job())) {
          switches++;
        }
      }
    }
    return switches;
  }

  /**
   * The schedule as trace spans, one lane per CPU ({@code cpu0}, ...), named by job (switches as
   * {@code "switch to P1"}), each tick lasting {@code tick}; for {@link Gantt} and
   * {@link dev.concurrency.model.trace.SvgTimeline}.
   *
   * @param tick how long one tick lasts
   * @return the spans, in the order of the slices
   * @throws IllegalArgumentException if {@code tick} is not positive
   */
  public List<Span> spans(Duration tick) {
    checkArgument(tick.compareTo(Duration.ZERO) > 0, "tick is %s; give a positive duration", tick);
    long nanos = tick.toNanos();
    List<Span> spans = new ArrayList<>(slices.size());
    for (Slice s : slices) {
      String name = s.kind() == Slice.Kind.RUN ? s.job() : "switch to " + s.job();
      spans.add(new Span("cpu" + s.cpu(), name, s.start() * nanos, s.end() * nanos));
    }
    return List.copyOf(spans);
  }

  /**
   * The schedule as an ASCII Gantt chart, one row per CPU and job, one tick taken as one millisecond.
   *
   * @param width how many characters the time axis takes
   * @return the chart, one line per row
   */
  public String gantt(int width) {
    return Gantt.ascii(spans(Duration.ofMillis(1)), width);
  }

  /**
   * {@return a per-job table (arrival, burst, priority, response, waiting, turnaround) followed by the means and
   * the overall figures}
   */
  public String report() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s on %d CPU(s), context switch %d%n", policy.name(), config.cpus(),
        config.contextSwitch()));
    out.append(String.format(Locale.ROOT, "%-8s %7s %5s %8s %8s %7s %10s%n", "job", "arrival", "burst", "priority",
        "response", "waiting", "turnaround"));
    for (JobStats s : stats) {
      out.append(String.format(Locale.ROOT, "%-8s %7d %5d %8d %8d %7d %10d%n", s.job().name(), s.job().arrival(),
          s.job().burst(), s.job().priority(), s.response(), s.waiting(), s.turnaround()));
    }
    out.append(String.format(Locale.ROOT, "%-8s %7s %5s %8s %8.2f %7.2f %10.2f%n", "mean", "", "", "",
        meanResponse(), meanWaiting(), meanTurnaround()));
    out.append(String.format(Locale.ROOT, "makespan %d, throughput %.3f jobs/tick, utilisation %.1f %%%n",
        makespan(), throughput(), 100 * utilisation()));
    return out.toString();
  }

  private double mean(ToLongFunction<JobStats> metric) {
    return stats.stream().mapToLong(metric).average().orElse(0);
  }
}
