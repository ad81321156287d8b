package dev.concurrency.model.internal;

import dev.concurrency.model.trace.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Simulates a pool of {@code workers} running jobs in list order on {@code cores} cores, in continuous time.
 *
 * <p>Each worker takes the next job from the list when it becomes free (list scheduling). Waiting jobs hold a
 * worker but no core and progress at full speed. Computing jobs share the cores equally: with {@code n} of them
 * running on {@code c} cores each progresses at rate {@code min(1, c / n)} (processor sharing, the fluid
 * limit of time slicing). Between events the rates are constant, so the simulation jumps from one completion to
 * the next.
 *
 * <p>Not thread-safe; each instance is used for one computation.
 */
public final class FluidPool {

  /** A job: its label, whether it needs a core, and its length in nanoseconds. */
  public record Job(String name, boolean cpu, long nanos) {}

  /** The outcome: the makespan and one span per job, on lanes {@code worker-0 .. worker-(k-1)}. */
  public record Result(long makespanNanos, List<Span> spans) {}

  private static final double EPSILON = 1e-6;

  private FluidPool() {}

  /** Runs the jobs in the given order on the pool and returns the schedule. */
  public static Result run(List<Job> jobs, int workers, int cores) {
    Deque<Job> queue = new ArrayDeque<>(jobs);
    List<Running> running = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    boolean[] busy = new boolean[workers];
    double now = 0;
    fill(queue, running, busy, now);
    while (!running.isEmpty()) {
      long computing = running.stream().filter(r -> r.job.cpu()).count();
      double cpuRate = computing == 0 ? 1 : Math.min(1.0, (double) cores / computing);
      double step = Double.MAX_VALUE;
      for (Running r : running) {
        step = Math.min(step, r.remaining / rate(r, cpuRate));
      }
      now += step;
      List<Running> done = new ArrayList<>();
      for (Running r : running) {
        r.remaining -= step * rate(r, cpuRate);
        if (r.remaining <= EPSILON) {
          done.add(r);
        }
      }
      for (Running r : done) {
        running.remove(r);
        busy[r.worker] = false;
        spans.add(new Span("worker-" + r.worker, r.job.name(), Math.round(r.start), Math.round(now)));
      }
      fill(queue, running, busy, now);
    }
    return new Result(Math.round(now), List.copyOf(spans));
  }

  private static double rate(Running r, double cpuRate) {
    return r.job.cpu() ? cpuRate : 1.0;
  }

  private static void fill(Deque<Job> queue, List<Running> running, boolean[] busy, double now) {
    for (int w = 0; w < busy.length && !queue.isEmpty(); w++) {
      if (!busy[w]) {
        busy[w] = true;
        running.add(new Running(queue.removeFirst(), w, now));
      }
    }
  }

  private static final class Running {
    final Job job;
    final int worker;
    final double start;
    double remaining;

    Running(Job job, int worker, double start) {
      this.job = job;
      this.worker = worker;
      this.start = start;
      this.remaining = job.nanos();
    }
  }
}
