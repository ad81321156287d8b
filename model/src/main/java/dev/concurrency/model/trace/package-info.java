/**
 * Traces of real runs and their pictures: {@link dev.concurrency.model.trace.Trace} records
 * {@link dev.concurrency.model.trace.Span}s (what ran, on which lane, from when to when) from any number of
 * threads; {@link dev.concurrency.model.trace.Gantt} draws them as a terminal chart and
 * {@link dev.concurrency.model.trace.SvgTimeline} as an SVG picture.
 *
 * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=record}
 *
 * <p>A lane is whatever the reader should see as one row of execution: a thread, a task, a process, a CPU.
 * Times are nanoseconds since the trace started, read from the trace's {@link com.google.common.base.Ticker}, so
 * tests can drive a trace with a fake ticker and get exact, repeatable pictures.
 *
 * <h2>Memory consistency</h2>
 *
 * <p>Actions in a thread prior to recording a span in a {@code Trace} (closing a {@code Trace.Recording} or
 * calling {@code Trace.add}) <i>happen-before</i> actions subsequent to a call of {@code Trace.spans()} that
 * returns that span, in another thread. Spans, the charts' inputs and outputs are immutable values.
 */
@NullMarked
package dev.concurrency.model.trace;

import org.jspecify.annotations.NullMarked;
