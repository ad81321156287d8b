/**
 * A discrete-event CPU scheduling simulator for the policies of seed section 5 and FAQ Q2: first come first
 * served, shortest job first, shortest remaining time first, priority (preemptive or not, with aging), round
 * robin with a quantum, and a multilevel feedback queue; on one or more CPUs, with a context-switch cost. Entry
 * point: {@link dev.concurrency.model.sched.Simulator}.
 *
 * {@snippet class=dev.concurrency.model.sched.SchedSnippetsTest region=convoy}
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
