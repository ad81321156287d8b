package dev.concurrency.model.internal;

import dev.concurrency.model.sched.Job;
import dev.concurrency.model.sched.JobStats;
import dev.concurrency.model.sched.Policy;
import dev.concurrency.model.sched.SchedulerConfig;
import dev.concurrency.model.sched.Slice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The simulator's engine: advances time one tick at a time (jumping over idle gaps), for any {@link Policy}.
 *
 * <p>Each tick, in this order: jobs arriving now join the ready queue, then jobs whose quantum ran out at the
 * end of the previous tick (so a new arrival goes ahead of a preempted job, the textbook convention); an MLFQ
 * boost, if due; free CPUs take the best ready job; then, for preemptive policies, a ready job strictly better
 * than a running one takes its CPU (a job runs at least one tick between its dispatch and a preemption); every
 * CPU runs (or switches) for one tick; ready jobs age; and finished or expired jobs leave their CPUs.
 *
 * <p>Not thread-safe; each instance is used for one simulation.
 */
public final class SchedulingEngine {

  /** The simulation's outcome, before it is wrapped in the public {@code Schedule}. */
  public record Outcome(List<Slice> slices, List<JobStats> stats) {}

  private final Policy policy;
  private final SchedulerConfig config;
  private final List<JobState> all;
  private final Deque<JobState> pending;
  private final List<JobState> ready = new ArrayList<>();
  private final List<JobState> expired = new ArrayList<>();
  private final Cpu[] cpus;
  private final SliceLog log = new SliceLog();
  private long sequence;
  private long now;

  private SchedulingEngine(List<Job> jobs, Policy policy, SchedulerConfig config) {
    this.policy = policy;
    this.config = config;
    List<JobState> states = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      states.add(new JobState(jobs.get(i), i));
    }
    this.all = List.copyOf(states);
    List<JobState> byArrival = new ArrayList<>(states);
    byArrival.sort(Comparator.comparingLong((JobState s) -> s.job.arrival()).thenComparingInt(s -> s.index));
    this.pending = new ArrayDeque<>(byArrival);
    this.cpus = new Cpu[config.cpus()];
    for (int c = 0; c < cpus.length; c++) {
      cpus[c] = new Cpu(c);
    }
  }

  /** Simulates the jobs (checked by the caller: no nulls, unique names) under the policy. */
  public static Outcome simulate(List<Job> jobs, Policy policy, SchedulerConfig config) {
    SchedulingEngine engine = new SchedulingEngine(jobs, policy, config);
    engine.run();
    List<JobStats> stats = new ArrayList<>();
    for (JobState s : engine.all) { // in the caller's order: all is indexed like jobs
      stats.add(new JobStats(s.job, s.firstRun, s.completion));
    }
    return new Outcome(engine.log.slices(), List.copyOf(stats));
  }

  private void run() {
    int unfinished = pending.size();
    while (unfinished > 0) {
      admitArrivals();
      for (JobState s : expired) {
        enqueue(s);
      }
      expired.clear();
      boostIfDue();
      dispatch();
      preempt();
      if (allIdle()) {
        now = pending.getFirst().job.arrival(); // nothing to run until the next arrival
        continue;
      }
      for (Cpu cpu : cpus) {
        tick(cpu);
      }
      age();
      now++;
      for (Cpu cpu : cpus) {
        unfinished -= release(cpu);
      }
    }
  }

  private void admitArrivals() {
    while (!pending.isEmpty() && pending.getFirst().job.arrival() <= now) {
      enqueue(pending.removeFirst());
    }
  }

  private void enqueue(JobState s) {
    s.seq = sequence++;
    s.agingClock = 0;
    ready.add(s);
  }

  private void boostIfDue() {
    if (policy instanceof Policy.Mlfq mlfq && mlfq.boostInterval() > 0 && now > 0 && now % mlfq.boostInterval() == 0) {
      for (JobState s : all) {
        s.level = 0;
      }
      // A running job is on the top level now too, so its slice is the top level's.
      for (Cpu cpu : cpus) {
        if (cpu.current != null) {
          cpu.quantumLeft = mlfq.quanta().get(0);
        }
      }
    }
  }

  private void dispatch() {
    for (Cpu cpu : cpus) {
      if (cpu.current == null && !ready.isEmpty()) {
        assign(cpu, best());
      }
    }
  }

  private void preempt() {
    if (!policy.preemptive()) {
      return;
    }
    while (!ready.isEmpty()) {
      JobState candidate = best();
      Cpu victim = null;
      for (Cpu cpu : cpus) {
        // Only a job that has run since its dispatch may be preempted: otherwise aging or a switch cost could
        // make two jobs take the CPU from each other for ever without either running (a livelock).
        if (cpu.current != null && cpu.ranSinceDispatch
            && (victim == null || key(cpu.current) > key(victim.current))) {
          victim = cpu;
        }
      }
      if (victim == null || key(candidate) >= key(victim.current)) {
        return;
      }
      JobState out = victim.current;
      victim.current = null;
      enqueue(out);
      assign(victim, candidate);
    }
  }

  private void assign(Cpu cpu, JobState s) {
    ready.remove(s);
    s.effectivePriority = s.job.priority();
    cpu.current = s;
    cpu.quantumLeft = quantum(s);
    cpu.ranSinceDispatch = false;
    boolean switching = cpu.lastRun != null && cpu.lastRun != s;
    cpu.switchLeft = switching ? config.contextSwitch() : 0;
  }

  private boolean allIdle() {
    for (Cpu cpu : cpus) {
      if (cpu.current != null) {
        return false;
      }
    }
    return ready.isEmpty();
  }

  private void tick(Cpu cpu) {
    JobState s = cpu.current;
    if (s == null) {
      return;
    }
    if (cpu.switchLeft > 0) {
      cpu.switchLeft--;
      log.record(cpu.index, s.job.name(), now, Slice.Kind.SWITCH);
      return;
    }
    if (s.firstRun < 0) {
      s.firstRun = now;
    }
    s.remaining--;
    cpu.quantumLeft--;
    cpu.lastRun = s;
    cpu.ranSinceDispatch = true;
    log.record(cpu.index, s.job.name(), now, Slice.Kind.RUN);
  }

  private void age() {
    if (policy instanceof Policy.Priority p && p.agingInterval() > 0) {
      for (JobState s : ready) {
        if (++s.agingClock >= p.agingInterval()) {
          s.effectivePriority = Math.max(0, s.effectivePriority - 1);
          s.agingClock = 0;
        }
      }
    }
  }

  /** Frees the CPU if its job finished or used up its quantum; returns 1 if a job finished. */
  private int release(Cpu cpu) {
    JobState s = cpu.current;
    if (s == null || cpu.switchLeft > 0 || cpu.lastRun != s) {
      return 0;
    }
    if (s.remaining == 0) {
      s.completion = now;
      cpu.current = null;
      return 1;
    }
    if (cpu.quantumLeft == 0) {
      if (policy instanceof Policy.Mlfq mlfq) {
        s.level = Math.min(s.level + 1, mlfq.quanta().size() - 1);
      }
      cpu.current = null;
      expired.add(s);
    }
    return 0;
  }

  private JobState best() {
    JobState best = ready.get(0);
    for (JobState s : ready) {
      if (key(s) < key(best) || (key(s) == key(best) && s.seq < best.seq)) {
        best = s;
      }
    }
    return best;
  }

  /** The policy's ordering key: smaller runs first; ties go to the earlier queue entry. */
  private long key(JobState s) {
    return switch (policy) {
      case Policy.Fcfs f -> 0;
      case Policy.RoundRobin r -> 0;
      case Policy.Sjf f -> s.job.burst();
      case Policy.Srtf f -> s.remaining;
      case Policy.Priority p -> s.effectivePriority;
      case Policy.Mlfq m -> s.level;
    };
  }

  private long quantum(JobState s) {
    return switch (policy) {
      case Policy.RoundRobin r -> r.quantum();
      case Policy.Mlfq m -> m.quanta().get(s.level);
      case Policy.Fcfs f -> Long.MAX_VALUE;
      case Policy.Sjf f -> Long.MAX_VALUE;
      case Policy.Srtf f -> Long.MAX_VALUE;
      case Policy.Priority p -> Long.MAX_VALUE;
    };
  }

  /** A job's changing state during the simulation. */
  private static final class JobState {
    final Job job;
    final int index;
    long remaining;
    long firstRun = -1;
    long completion = -1;
    long seq;
    long agingClock;
    int effectivePriority;
    int level;

    JobState(Job job, int index) {
      this.job = job;
      this.index = index;
      this.remaining = job.burst();
      this.effectivePriority = job.priority();
    }
  }

  /** A CPU's state: what it holds, how much of its quantum and switch is left, what it ran last. */
  private static final class Cpu {
    final int index;
    JobState current;
    JobState lastRun;
    long quantumLeft;
    long switchLeft;
    boolean ranSinceDispatch;

    Cpu(int index) {
      this.index = index;
    }
  }
}
