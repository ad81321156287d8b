/**
 * The {@code model} module: why concurrency helps, as numbers and pictures. Its API lives in three packages:
 *
 * <ul>
 *   <li>{@link dev.concurrency.model.timing}: the timing and resource model of seed section 3.3, stated
 *       correctly (sequential, event loop, pools on cores, the GIL; Amdahl, Gustafson, Little; demand against
 *       capacity), and predictions set beside measurements;
 *   <li>{@link dev.concurrency.model.sched}: a discrete-event CPU scheduling simulator (seed section 5, FAQ Q2);
 *   <li>{@link dev.concurrency.model.trace}: traces of real runs and their ASCII and SVG timelines.
 * </ul>
 *
 * <h2>Memory consistency</h2>
 *
 * <p>See each package: the values of {@code timing} and {@code sched} are immutable; {@code trace.Trace}
 * states its happens-before guarantee.
 */
@NullMarked
package dev.concurrency.model;

import org.jspecify.annotations.NullMarked;
