/**
 * A discrete-event CPU scheduling simulator for the policies of seed section 5 and FAQ Q2: first come first
 * served, shortest job first, shortest remaining time first, priority (preemptive or not, with aging), round
 * robin with a quantum, and a multilevel feedback queue; on one or more CPUs, with a context-switch cost. Entry
 * point: {@link dev.concurrency.model.sched.Simulator}.
 *
 * <pre>{@code
 * List<Job> jobs = List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));
 * Schedule fcfs = Simulator.run(jobs, Policy.fcfs());
 * Schedule rr = Simulator.run(jobs, Policy.roundRobin(4));
 * fcfs.meanWaiting();   // 17.0
 * rr.meanWaiting();     // 5.67
 * System.out.print(rr.gantt(60));
 * }</pre>
 *
 * <p>Time is measured in abstract whole <i>ticks</i> (think milliseconds); the simulator is exact and
 * deterministic. Everything here is a pure function of immutable values: no threads, no clocks.
 *
 * <h2>Memory consistency</h2>
 *
 * <p>All types in this package are immutable and thread-safe; their instances may be shared between threads
 * without synchronisation (safe publication through final fields).
 */
@NullMarked
package dev.concurrency.model.sched;

import org.jspecify.annotations.NullMarked;
