package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A CPU scheduling policy: which ready job runs next, and whether a running job can be taken off its CPU.
 *
 * {@snippet class=dev.concurrency.model.sched.SchedSnippetsTest region=policies}
 *
 * <p>Ties are always broken by the order in which jobs entered the ready queue (arrival order, with a job
 * that was preempted or used up its quantum going behind the jobs that arrived at the same tick).
 *
 * <p>All implementations are immutable and thread-safe.
 *
 * <p><b>Python:</b> Python programs do not choose the OS policy; this is what the seed's section 5 and FAQ Q2
 * describe the operating system doing under {@code threading} and {@code multiprocessing}, and what a single
 * {@code asyncio} loop does instead (run each task until it yields: cooperative FCFS).
 */
public sealed interface Policy {

  /** {@return a short name for tables ({@code "RR q=4"})} */
  String name();

  /** {@return whether a better ready job takes the CPU from a running one at once} */
  boolean preemptive();

  /** First come, first served: the ready job that arrived first runs to completion. */
  record Fcfs() implements Policy {
    @Override
    public String name() {
      return "FCFS";
    }

    @Override
    public boolean preemptive() {
      return false;
    }
  }

  /** Shortest job first, non-preemptive: the ready job with the smallest burst runs to completion. */
  record Sjf() implements Policy {
    @Override
    public String name() {
      return "SJF";
    }

    @Override
    public boolean preemptive() {
      return false;
    }
  }

  /** Shortest remaining time first: SJF made preemptive, on remaining work. */
  record Srtf() implements Policy {
    @Override
    public String name() {
      return "SRTF";
    }

    @Override
    public boolean preemptive() {
      return true;
    }
  }

  /**
   * Priority scheduling: the ready job with the highest priority (smallest number) runs.
   *
   * <p>With aging, a job's effective priority improves by one level (down to 0) for every {@code agingInterval}
   * ticks it waits in the ready queue, and returns to its own priority when it is dispatched; so no job starves.
   *
   * @param preemptive whether a job of strictly higher effective priority preempts the running one
   * @param agingInterval ticks of waiting per level gained, or 0 for no aging
   */
  record Priority(boolean preemptive, long agingInterval) implements Policy {
    /** Checks the aging interval. */
    public Priority {
      checkArgument(agingInterval >= 0, "aging interval is %s; use 0 for no aging or a positive tick count",
          agingInterval);
    }

    @Override
    public String name() {
      return "Priority" + (preemptive ? " preemptive" : "") + (agingInterval > 0 ? " aging " + agingInterval : "");
    }
  }

  /**
   * Round robin: FCFS with time slices; a job that uses up its {@code quantum} goes to the back of the queue.
   *
   * @param quantum the time slice in ticks, at least 1
   */
  record RoundRobin(long quantum) implements Policy {
    /** Checks the quantum. */
    public RoundRobin {
      checkArgument(quantum >= 1, "quantum is %s; a time slice is at least 1 tick", quantum);
    }

    @Override
    public String name() {
      return "RR q=" + quantum;
    }

    @Override
    public boolean preemptive() {
      return false; // only by its quantum, never by an arrival
    }
  }

  /**
   * Multilevel feedback queue: jobs enter the top level; one that uses up its level's quantum drops a level
   * (staying at the bottom once there); a job on a higher level preempts one on a lower level; within a level,
   * round robin. Every {@code boostInterval} ticks all jobs go back to the top, so long jobs do not starve.
   *
   * @param quanta the time slice of each level, top first; at least one level, each at least 1 tick
   * @param boostInterval ticks between boosts, or 0 for none
   */
  record Mlfq(List<Long> quanta, long boostInterval) implements Policy {
    /** Checks and copies the quanta. */
    public Mlfq {
      quanta = List.copyOf(requireNonNull(quanta, "quanta"));
      checkArgument(!quanta.isEmpty(), "an MLFQ needs at least one level's quantum");
      for (long q : quanta) {
        checkArgument(q >= 1, "MLFQ quanta %s: each time slice is at least 1 tick", quanta);
      }
      checkArgument(boostInterval >= 0, "boost interval is %s; use 0 for none", boostInterval);
    }

    @Override
    public String name() {
      return "MLFQ " + quanta + (boostInterval > 0 ? " boost " + boostInterval : "");
    }

    @Override
    public boolean preemptive() {
      return true;
    }
  }

  /** {@return first come, first served: jobs run in the order they arrive} */
  static Policy fcfs() {
    return new Fcfs();
  }

  /** {@return shortest job first: the shortest burst among the ready jobs, never preempted} */
  static Policy sjf() {
    return new Sjf();
  }

  /** {@return shortest remaining time first: preemptive shortest job first} */
  static Policy srtf() {
    return new Srtf();
  }

  /**
   * Priority scheduling, with or without preemption and aging (see {@link Priority}).
   *
   * @param preemptive whether a job of strictly higher effective priority preempts the running one
   * @param agingInterval ticks of waiting per level gained, or 0 for no aging
   * @return the policy
   */
  static Policy priority(boolean preemptive, long agingInterval) {
    return new Priority(preemptive, agingInterval);
  }

  /**
   * Round robin: ready jobs take turns of at most {@code quantum} ticks each.
   *
   * @param quantum the time slice, in ticks
   * @return the policy
   */
  static Policy roundRobin(long quantum) {
    return new RoundRobin(quantum);
  }

  /**
   * A multilevel feedback queue (see {@link Mlfq}).
   *
   * @param quanta the time slice of each level, top first
   * @param boostInterval ticks between boosts, or 0 for none
   * @return the policy
   */
  static Policy mlfq(List<Long> quanta, long boostInterval) {
    return new Mlfq(quanta, boostInterval);
  }
}
