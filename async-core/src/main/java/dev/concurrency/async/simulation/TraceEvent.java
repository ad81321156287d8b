package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

/**
 * One event of a simulated run: in which tick and at which virtual time it happened, what kind of event it is,
 * the lane it belongs to (a task's name, {@code "loop"}, or a connection of the {@link SimulatedNetwork}) and a
 * line of text.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param tick the loop's tick, counting from 1
 * @param timeNanos the virtual time, in nanoseconds since the run started
 * @param kind what happened
 * @param lane where to show it
 * @param text what to show
 */
public record TraceEvent(long tick, long timeNanos, Kind kind, String lane, String text) {

  /** The lane of the loop's own events (callbacks, timers, arrivals, failures). */
  public static final String LOOP = "loop";

  /** What a {@link TraceEvent} records. */
  public enum Kind {
    /** A task's first step begins. */
    START,
    /** A task's later step begins (it was woken). */
    RESUME,
    /** A task's step ends at an await; the text says where, when the run traces await sites. */
    AWAIT,
    /** A task is done: its result, exception or cancellation. */
    DONE,
    /** A line the code wrote with {@link Simulation#note(String)}. */
    NOTE,
    /** A callback runs ({@code callSoon}, a future's done-callback). */
    CALLBACK,
    /** A timer's callback runs; the text says its deadline and how late it is. */
    TIMER,
    /** A callback handed over by another thread (a {@code toThread} result) enters the ready queue. */
    ARRIVAL,
    /** Bytes are written to a simulated connection. */
    SEND,
    /** Bytes written to a simulated connection reach the other end. */
    DELIVER,
    /** A simulated connection is opened, closed or reset. */
    CONNECTION,
    /** The loop's exception handler was called. */
    LOOP_ERROR,
    /** The run failed: a deadlock, a limit, or the invariant. */
    FAILURE
  }

  /** Checks that every part is present. */
  public TraceEvent {
    requireNonNull(kind, "kind");
    requireNonNull(lane, "lane");
    requireNonNull(text, "text");
  }
}
