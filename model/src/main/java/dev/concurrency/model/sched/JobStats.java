package dev.concurrency.model.sched;

import static java.util.Objects.requireNonNull;

/**
 * How one job fared in a simulated schedule.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param job the job
 * @param firstRun the tick it first ran
 * @param completion the tick it finished
 */
public record JobStats(Job job, long firstRun, long completion) {

  /** Checks the parts. */
  public JobStats {
    requireNonNull(job, "job");
  }

  /** {@return the turnaround time: from arrival to completion} */
  public long turnaround() {
    return completion - job.arrival();
  }

  /** {@return the waiting time: turnaround minus the CPU time it needed (time ready but not running)} */
  public long waiting() {
    return turnaround() - job.burst();
  }

  /** {@return the response time: from arrival to the first time it ran} */
  public long response() {
    return firstRun - job.arrival();
  }
}
