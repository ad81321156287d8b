/**
 * The timing and resource model of seed section 3.3, stated correctly: how long a set of tasks takes run one
 * after another, on an event loop, on a pool of workers over some cores, or under a global interpreter lock;
 * Amdahl's and Gustafson's laws; Little's law; resource demand against capacity. Entry point:
 * {@link dev.concurrency.model.timing.TimingModel}.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=seed}
 *
 * <p>The seed writes {@code T_total = T_1 + ... + T_n}. That is the wall time of <i>sequential</i> execution
 * only. When tasks overlap, wall time lies between the lower bound {@code max(max T_i, sum T_i / min(k, c))}
 * (for CPU work on {@code k} workers and {@code c} cores) and the sum; waits need no core at all, so an event
 * loop overlaps them completely. Likewise {@code R_total = R_1 + ... + R_n} is the demand when all tasks hold
 * their resources at once; run one at a time they need only {@code max R_i}.
 *
 * <p>Everything here is a pure function of immutable values: no threads, no clocks.
 *
 * <h2>Memory consistency</h2>
 *
 * <p>All types in this package are immutable and thread-safe; their instances may be shared between threads
 * without synchronisation (safe publication through final fields).
 */
@NullMarked
package dev.concurrency.model.timing;

import org.jspecify.annotations.NullMarked;
