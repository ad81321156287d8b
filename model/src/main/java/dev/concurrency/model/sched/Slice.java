package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A stretch of one CPU's time in a simulated schedule: a job running, or the CPU switching to it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param cpu the CPU's index, from 0
 * @param job the job's name
 * @param start the first tick, inclusive
 * @param end the tick it stopped, exclusive; after {@code start}
 * @param kind running the job, or switching to it
 */
public record Slice(int cpu, String job, long start, long end, Kind kind) {

  /** What the CPU was doing. */
  public enum Kind {
    /** Running the job. */
    RUN,
    /** Switching to the job (the context-switch cost). */
    SWITCH
  }

  /** Checks the parts. */
  public Slice {
    requireNonNull(job, "job");
    requireNonNull(kind, "kind");
    checkArgument(cpu >= 0 && start >= 0 && end > start, "bad slice: cpu %s, %s..%s", cpu, start, end);
  }

  /** {@return its length in ticks} */
  public long length() {
    return end - start;
  }
}
