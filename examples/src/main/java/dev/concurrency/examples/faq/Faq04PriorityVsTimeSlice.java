package dev.concurrency.examples.faq;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.sched.Job;
import dev.concurrency.model.sched.JobStats;
import dev.concurrency.model.sched.Policy;
import dev.concurrency.model.sched.Schedule;
import dev.concurrency.model.sched.Simulator;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.PriorityExecutor;
import dev.concurrency.threads.Quantum;
import dev.concurrency.threads.RoundRobinExecutor;
import dev.concurrency.threads.Step;
import dev.concurrency.threads.SteppedTask;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FAQ Q2's last rule, "priority scheduling when tasks have priorities, time slices when they do not", run on
 * the thread module's {@link PriorityExecutor} and {@link RoundRobinExecutor} beside the model's scheduling
 * simulator on the same three jobs.
 *
 * <pre>{@code
 * # Python has neither executor; the usual recipes are a queue.PriorityQueue of (priority, count, task) fed to
 * # a worker, and a deque of generators stepped in turn (round robin).
 * }</pre>
 *
 * <p><b>What to notice.</b> Jobs A, B and C need 6, 2 and 4 steps of about 10 ms and have priorities 3, 1 and 2
 * (1 is the most urgent), all ready at time 0, one worker. Priority serves B, then C, then A: the urgent job is
 * done after 2 steps, the least urgent waits for everyone. Round robin (2 steps a slice) starts every job within
 * 4 steps (the best worst-case response) and finishes B later. The simulator predicts every completion, in
 * steps, exactly; the measured wall times differ from {@code steps x step time} by the switching and the load.
 *
 * <p><b>Run:</b> {@code ./examples.sh priority-vs-time-slice} (add {@code --svg slices.svg} for a picture)
 *
 * <p><b>Expected output</b> (a real run, 2026-11-24; the steps are exact, the milliseconds vary):
 *
 * <pre>
 * jobs (steps, priority; 1 = most urgent): A 6 3, B 2 1, C 4 2; one worker, one step about 21.6 ms
 * policy           job   predicted done   measured done  predicted response   measured response
 * priority         A                 12              12                   6                   6
 * priority         B                  2               2                   0                   0
 * priority         C                  6               6                   2                   2
 * priority: mean turnaround predicted 6.67 steps, measured 6.67 steps; wall predicted 259.7 ms, measured 313.9 ms
 * round robin q=2  A                 12              12                   0                   0
 * round robin q=2  B                  4               4                   2                   2
 * round robin q=2  C                 10              10                   4                   4
 * round robin q=2: mean turnaround predicted 8.67 steps, measured 8.67 steps; wall predicted 259.7 ms, measured ...
 * Timeline:
 * priority (model): B         |#####.......................................................|  1.4 ms .. 44.7 ms
 * priority (run): B           |#####.......................................................|  3.6 ms .. 42.6 ms (2 spans, ...)
 * ...
 * round robin q=2 (model): A  |.................................#####........######...#####|  317.5 ms .. 577.2 ms (3 spans, ...)
 * round robin q=2 (run): A    |.................................###.......#####..######....|  319.5 ms .. 534.9 ms (6 spans, ...)
 * ...
 * </pre>
 */
public final class Faq04PriorityVsTimeSlice {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "priority-vs-time-slice",
          Group.FAQ,
          "6 Q2, 3.2",
          "PriorityExecutor and RoundRobinExecutor on the same jobs, beside the scheduling simulator's prediction",
          Faq04PriorityVsTimeSlice::run);

  /** The jobs, in the model's terms: all arrive at 0; burst in steps; priority 1 is the most urgent. */
  static final List<Job> JOBS = List.of(new Job("A", 0, 6, 3), new Job("B", 0, 2, 1), new Job("C", 0, 4, 2));

  static final int QUANTUM = 2;
  private static final Duration STEP = Duration.ofMillis(10);
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private Faq04PriorityVsTimeSlice() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Work step = Work.computing(STEP);
    out.println("jobs (steps, priority; 1 = most urgent): "
        + String.join(", ", JOBS.stream().map(j -> j.name() + " " + j.burst() + " " + j.priority()).toList())
        + "; one worker, one step about " + Techniques.ms(step.duration()));
    out.println(String.format(Locale.ROOT, "%-16s %-4s %15s %15s %19s %19s", "policy", "job", "predicted done",
        "measured done", "predicted response", "measured response"));
    Trace trace = Trace.start();
    List<Span> predicted = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Policy policy : List.of(Policy.priority(false, 0), Policy.roundRobin(QUANTUM))) {
      Schedule model = Simulator.run(JOBS, policy);
      String label = policy instanceof Policy.Priority ? "priority" : "round robin q=" + QUANTUM;
      Run run = new Run(trace, label, step);
      long start = trace.nanos();
      run.execute(policy instanceof Policy.Priority);
      Duration wall = Duration.ofNanos(trace.nanos() - start);
      double meanTurnaround = 0;
      for (JobStats stats : model.stats()) {
        Counted measured = run.jobs.stream().filter(j -> j.name.equals(stats.job().name())).findFirst().orElseThrow();
        out.println(String.format(Locale.ROOT, "%-16s %-4s %15d %15d %19d %19d", label, measured.name,
            stats.completion(), measured.doneAt, stats.response(), measured.firstRunAt));
        meanTurnaround += measured.doneAt;
      }
      String note = String.format(Locale.ROOT, "%s: mean turnaround predicted %.2f steps, measured %.2f steps;"
          + " wall predicted %s, measured %s", label, model.meanTurnaround(), meanTurnaround / JOBS.size(),
          Techniques.ms(step.duration().multipliedBy(model.makespan())), Techniques.ms(wall));
      out.println(note);
      notes.add(note);
      // the simulated schedule, one tick drawn as one measured step, placed where the real run began
      for (Span s : model.spans(step.duration())) {
        predicted.add(new Span(label + " (model)", s.name(), start + s.startNanos(), start + s.endNanos()));
      }
    }
    List<Span> spans = new ArrayList<>(trace.spans());
    spans.addAll(predicted);
    Timeline.print(out, spans, notes, args);
  }

  /** One policy's run: the three jobs on one worker, a gate holding it until all are queued ("ready at 0"). */
  private static final class Run {
    final List<Counted> jobs = new ArrayList<>();

    Run(Trace trace, String label, Work step) {
      AtomicInteger clock = new AtomicInteger();
      for (Job job : JOBS) {
        jobs.add(new Counted(job.name(), (int) job.burst(), step, clock, trace, label + " (run)"));
      }
    }

    void execute(boolean byPriority) throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      SteppedTask<String> gate =
          () -> {
            started.countDown();
            if (!release.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new IllegalStateException("the jobs were not queued within " + LIMIT);
            }
            return Step.done("gate");
          };
      List<Future<String>> futures = new ArrayList<>();
      if (byPriority) {
        try (PriorityExecutor ex = PriorityExecutor.builder().workers(1).name("priority").build()) {
          ex.submit(Integer.MAX_VALUE, gate.asCallable());
          started.await();
          for (int i = 0; i < jobs.size(); i++) {
            // the executor runs larger numbers first; the model, smaller ones
            futures.add(ex.submit(-JOBS.get(i).priority(), jobs.get(i).asCallable()));
          }
          release.countDown();
        }
      } else {
        try (RoundRobinExecutor rr =
            RoundRobinExecutor.builder().workers(1).quantum(Quantum.steps(QUANTUM)).name("rr").build()) {
          rr.submit(gate);
          started.await();
          for (Counted job : jobs) {
            futures.add(rr.submit(job));
          }
          release.countDown();
        }
      }
      for (Future<String> f : futures) {
        f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS); // rethrows a job's failure
      }
    }
  }

  /** A job of {@code steps} steps that notes, on the shared step clock, when it first ran and when it ended. */
  private static final class Counted implements SteppedTask<String> {
    final String name;
    final int steps;
    final Work step;
    final AtomicInteger clock;
    final Trace trace;
    final String lane;
    int done;
    int firstRunAt = -1;
    int doneAt;

    Counted(String name, int steps, Work step, AtomicInteger clock, Trace trace, String lane) {
      this.name = name;
      this.steps = steps;
      this.step = step;
      this.clock = clock;
      this.trace = trace;
      this.lane = lane;
    }

    @Override
    @SuppressWarnings("try") // the span is closed by the try; its body does not use it
    public Step<String> step() throws InterruptedException {
      if (firstRunAt < 0) {
        firstRunAt = clock.get();
      }
      try (Trace.Recording span = trace.open(lane, name)) {
        step.call();
      }
      int now = clock.incrementAndGet();
      if (++done < steps) {
        return Step.more();
      }
      doneAt = now;
      return Step.done(name);
    }
  }
}
