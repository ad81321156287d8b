package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.internal.SchedulingEngine;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a set of jobs under a scheduling policy, in simulated time, and returns the schedule with its statistics.
 *
 * {@snippet class=dev.concurrency.model.sched.SchedSnippetsTest region=sjf}
 *
 * <p>The simulation is exact and deterministic: time advances in whole ticks and every tie is broken by queue
 * order (see {@link Policy}). All CPUs share one ready queue; a free CPU takes the best ready job, lowest CPU
 * index first. A dispatched job runs at least one tick before it can be preempted, so aging and switch costs
 * cannot livelock the machine. Idle gaps (no job ready) are skipped. The cost grows with the number of busy
 * ticks times the number of ready jobs: it is meant for textbook-sized workloads (thousands of ticks, tens of
 * jobs), not for replaying a production trace. See {@link SchedulerConfig} for the context-switch cost.
 *
 * <p>This class is stateless and thread-safe.
 *
 * <p><b>Python:</b> CPython leaves scheduling to the operating system; this is the textbook model of it
 * (seed section 5 and FAQ Q2).
 */
public final class Simulator {

  private Simulator() {}

  /**
   * Simulates the jobs under the policy on one CPU with free context switches.
   *
   * @param jobs the jobs, each with its own name
   * @param policy the scheduling policy
   * @return what ran when, and each job's figures
   */
  public static Schedule run(List<Job> jobs, Policy policy) {
    return run(jobs, policy, SchedulerConfig.defaults());
  }

  /**
   * Simulates the jobs under the policy on the configured machine.
   *
   * @param jobs the jobs, each with its own name
   * @param policy the scheduling policy
   * @param config the machine: CPUs and the cost of a context switch
   * @return what ran when, and each job's figures
   * @throws IllegalArgumentException if two jobs share a name
   * @throws NullPointerException if an argument or a job is null
   */
  public static Schedule run(List<Job> jobs, Policy policy, SchedulerConfig config) {
    requireNonNull(jobs, "jobs");
    requireNonNull(policy, "policy");
    requireNonNull(config, "config");
    Set<String> names = new HashSet<>();
    for (Job job : jobs) {
      requireNonNull(job, "jobs holds a null job");
      checkArgument(names.add(job.name()), "two jobs are named '%s'; give each job its own name", job.name());
    }
    List<Job> copy = List.copyOf(jobs);
    SchedulingEngine.Outcome outcome = SchedulingEngine.simulate(copy, policy, config);
    return new Schedule(policy, config, outcome.slices(), outcome.stats());
  }
}
