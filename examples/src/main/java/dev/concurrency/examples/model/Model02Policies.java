package dev.concurrency.examples.model;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.sched.Job;
import dev.concurrency.model.sched.Policy;
import dev.concurrency.model.sched.Schedule;
import dev.concurrency.model.sched.Simulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * FAQ Q2 and section 5 as numbers: one workload scheduled by first-come-first-served, shortest job first,
 * shortest remaining time first, priority (with and without preemption and aging), round robin and a
 * multilevel feedback queue, in the simulator.
 *
 * <pre>{@code
 * # The seed (section 5, FAQ Q2) describes, in prose, priority scheduling ("important tasks first") and
 * # time-slice scheduling ("every task gets a turn") as what the OS does with Python threads and processes.
 * }</pre>
 *
 * <p><b>What to notice.</b> The same five jobs (a long one arriving first) give very different waits. FCFS
 * makes the short jobs wait behind the long one (the convoy effect); SJF and SRTF minimise the mean wait but
 * need to know burst lengths; priority scheduling serves P2 (priority 1) at once but can starve low-priority
 * jobs, which aging repairs; round robin bounds the response time of everyone at the cost of more switches.
 * FAQ Q2's answer, in numbers: priority when some work matters more, time slices when every user must see
 * progress.
 *
 * <p><b>Run:</b> {@code ./examples.sh model-policies} (add {@code --svg rr.svg} for the round-robin picture)
 *
 * <p><b>Expected output</b> (exact: the simulator is deterministic), beginning:
 *
 * <pre>
 * jobs (name arrival burst priority): P1 0 10 3, P2 1 1 1, P3 2 2 4, P4 3 1 5, P5 4 5 2
 * policy                         mean wait  mean turnaround  mean response  makespan  switches
 * FCFS                                7.60            11.40           7.60        19         4
 * SJF                                 ...
 * </pre>
 */
public final class Model02Policies {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "model-policies",
          Group.MODEL,
          "5, 6 Q2",
          "FCFS, SJF, SRTF, priority, round robin and MLFQ on the same workload, simulated",
          Model02Policies::run);

  /** A long low-priority job first, then short ones of mixed priority. */
  static final List<Job> WORKLOAD =
      List.of(
          new Job("P1", 0, 10, 3), new Job("P2", 1, 1, 1), new Job("P3", 2, 2, 4), new Job("P4", 3, 1, 5),
          new Job("P5", 4, 5, 2));

  static final List<Policy> POLICIES =
      List.of(
          Policy.fcfs(), Policy.sjf(), Policy.srtf(), Policy.priority(false, 0), Policy.priority(true, 0),
          Policy.priority(true, 3), Policy.roundRobin(2), Policy.mlfq(List.of(1L, 2L, 4L), 0));

  private Model02Policies() {}

  static void run(PrintStream out, List<String> args) {
    out.print("jobs (name arrival burst priority): ");
    out.println(String.join(", ", WORKLOAD.stream()
        .map(j -> j.name() + " " + j.arrival() + " " + j.burst() + " " + j.priority()).toList()));
    out.println(String.format(Locale.ROOT, "%-30s %9s %16s %14s %9s %9s", "policy", "mean wait", "mean turnaround",
        "mean response", "makespan", "switches"));
    for (Policy policy : POLICIES) {
      Schedule s = Simulator.run(WORKLOAD, policy);
      out.println(String.format(Locale.ROOT, "%-30s %9.2f %16.2f %14.2f %9d %9d", policy.name(), s.meanWaiting(),
          s.meanTurnaround(), s.meanResponse(), s.makespan(), s.contextSwitches()));
    }
    out.println("(switches: how often the CPU changed jobs; each would cost a context switch on a real machine)");
    out.println();
    out.println("Priority, non-preemptive (important jobs first, once the CPU is free):");
    out.print(Simulator.run(WORKLOAD, Policy.priority(false, 0)).gantt(40));
    Schedule rr = Simulator.run(WORKLOAD, Policy.roundRobin(2));
    out.println("Round robin, quantum 2 (every job gets a turn), one tick drawn as 1 ms:");
    Timeline.print(out, rr.spans(Duration.ofMillis(1)), List.of(rr.policy().name() + ": mean wait "
        + String.format(Locale.ROOT, "%.2f", rr.meanWaiting())), args);
  }
}
