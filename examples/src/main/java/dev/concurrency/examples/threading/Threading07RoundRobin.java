package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.CpuWork;
import dev.concurrency.threads.PriorityExecutor;
import dev.concurrency.threads.Quantum;
import dev.concurrency.threads.RoundRobinExecutor;
import dev.concurrency.threads.Step;
import dev.concurrency.threads.SteppedTask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

/**
 * The seed's FAQ Q2, run: the same three jobs under first-come first-served, priority (shortest job first) and
 * round-robin time slices, on one worker, timed in steps.
 *
 * <pre>{@code
 * # Python: jobs as generators, one step per next(); round robin is a deque of generators
 * ready = deque([job("A", 6), job("B", 2), job("C", 4)])
 * while ready:
 *     g = ready.popleft()
 *     try: next(g); ready.append(g)
 *     except StopIteration: pass
 * }</pre>
 *
 * <p><b>What to notice.</b> Jobs A, B and C need 6, 2 and 4 steps and all arrive at time 0; one step is one unit
 * of time. Priority scheduling with "shorter is more urgent" gives the best mean turnaround (time until done),
 * but a long job waits for every shorter one. Round robin gives every job a first slice almost at once (the best
 * mean response) and costs some turnaround; a larger quantum moves it towards first-come first-served. The
 * numbers are exact because one worker runs the steps and a shared counter is the clock.
 *
 * <p><b>Run:</b> {@code ./examples.sh round-robin}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * jobs A=6 B=2 C=4 steps, all ready at time 0, one worker
 * first-come first-served  : done A=6 B=8 C=12   mean turnaround 8.67, mean first response 4.67
 * priority, shortest first : done A=12 B=2 C=6   mean turnaround 6.67, mean first response 2.67
 * round robin, quantum 1   : done A=12 B=5 C=10  mean turnaround 9.00, mean first response 1.00
 * round robin, quantum 2   : done A=12 B=4 C=10  mean turnaround 8.67, mean first response 2.00
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading07RoundRobin {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "round-robin",
          Group.THREADING,
          "3.2, 6 Q2",
          "priority vs time-slice scheduling on the same jobs: PriorityExecutor and RoundRobinExecutor",
          Threading07RoundRobin::run);

  private static final Map<String, Integer> JOBS = Map.of("A", 6, "B", 2, "C", 4);

  private Threading07RoundRobin() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    out.println("jobs A=6 B=2 C=4 steps, all ready at time 0, one worker");
    out.println(schedule(trace, "first-come first-served ", Policy.FIFO));
    out.println(schedule(trace, "priority, shortest first", Policy.SHORTEST_FIRST));
    out.println(schedule(trace, "round robin, quantum 1  ", Policy.ROUND_ROBIN_1));
    out.println(schedule(trace, "round robin, quantum 2  ", Policy.ROUND_ROBIN_2));
    Timeline.print(out, trace, args);
  }

  private enum Policy {
    FIFO,
    SHORTEST_FIRST,
    ROUND_ROBIN_1,
    ROUND_ROBIN_2
  }

  private static String schedule(Trace trace, String label, Policy policy) throws Exception {
    Clock clock = new Clock();
    List<Job> jobs = new ArrayList<>();
    for (String name : List.of("A", "B", "C")) {
      jobs.add(new Job(name, JOBS.get(name), clock, trace, label.strip()));
    }
    List<Future<String>> futures = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    if (policy == Policy.FIFO || policy == Policy.SHORTEST_FIRST) {
      try (PriorityExecutor ex = PriorityExecutor.builder().build()) {
        ex.submit(Integer.MAX_VALUE, gate(started, release).asCallable());
        started.await();
        for (Job job : jobs) {
          int priority = policy == Policy.FIFO ? 0 : -job.steps;
          futures.add(ex.submit(priority, job.asCallable()));
        }
        release.countDown();
      }
    } else {
      Quantum quantum = Quantum.steps(policy == Policy.ROUND_ROBIN_1 ? 1 : 2);
      try (RoundRobinExecutor rr = RoundRobinExecutor.builder().quantum(quantum).build()) {
        rr.submit(gate(started, release));
        started.await();
        for (Job job : jobs) {
          futures.add(rr.submit(job));
        }
        release.countDown();
      }
    }
    for (Future<String> f : futures) {
      f.get(); // rethrows a job's failure, if any
    }
    return summary(label, jobs);
  }

  /** The first task: holds the single worker until the jobs have all been queued ("ready at time 0"). */
  private static SteppedTask<String> gate(CountDownLatch started, CountDownLatch release) {
    return () -> {
      started.countDown();
      release.await();
      return Step.done("gate");
    };
  }

  private static String summary(String label, List<Job> jobs) {
    Map<String, Integer> done = new TreeMap<>();
    double turnaround = 0;
    double response = 0;
    for (Job job : jobs) {
      done.put(job.name, job.doneAt);
      turnaround += job.doneAt;
      response += job.firstRunAt;
    }
    StringBuilder doneText = new StringBuilder();
    done.forEach((name, at) -> doneText.append(doneText.isEmpty() ? "" : " ").append(name).append('=').append(at));
    return String.format(
        "%s : done %-14s mean turnaround %.2f, mean first response %.2f",
        label, doneText, turnaround / jobs.size(), response / jobs.size());
  }

  /** Time in steps: one worker runs one step at a time, so a plain counter it alone touches is exact. */
  private static final class Clock {
    private int now;
  }

  /** A job of {@code steps} steps that notes when it first ran and when it finished, on the step clock. */
  private static final class Job implements SteppedTask<String> {
    final String name;
    final int steps;
    final Clock clock;
    final Trace trace;
    final String lane;
    int done;
    int firstRunAt = -1;
    int doneAt;

    Job(String name, int steps, Clock clock, Trace trace, String lane) {
      this.name = name;
      this.steps = steps;
      this.clock = clock;
      this.trace = trace;
      this.lane = lane;
    }

    @Override
    public Step<String> step() {
      if (firstRunAt < 0) {
        firstRunAt = clock.now;
      }
      try (var r = trace.open(lane, name)) {
        CpuWork.spin(200_000, 1);
      }
      clock.now++;
      done++;
      if (done < steps) {
        return Step.more();
      }
      doneAt = clock.now;
      return Step.done(name);
    }
  }
}
