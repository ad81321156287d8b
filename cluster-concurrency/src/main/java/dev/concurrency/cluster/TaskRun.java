package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One task's run on the cluster, as {@link WorkLog} records it: what ran, where it was sent, where it ran, when,
 * and how it ended.
 *
 * <p>For a task that ran ({@link Status#SUCCEEDED} or {@link Status#FAILED}), {@code started} and
 * {@code finished} were read on the member that ran it, from its wall clock ({@link Instant#now()}): on one machine
 * every member reads the same clock, across machines the members' clocks differ by their skew. For a
 * {@link Status#LOST} task, {@code ranOn} is the member it was sent to, and the times are the submitter's: when the
 * task was submitted and when its loss was noticed.
 *
 * <p>{@link #startNanosSince} and {@link #endNanosSince} give the times as nanoseconds since an origin, the form a
 * timeline takes: {@code new Span(run.ranOn().name(), run.task(), run.startNanosSince(origin),
 * run.endNanosSince(origin))} with the {@code model} module's {@code Span}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>Python:</b> what Dask's task stream ({@code distributed.get_task_stream}) records per task: the worker,
 * start and stop times, and the status.
 *
 * @param task what ran: {@code "task 7"}, or {@code "map 2, chunk 3 (items 30-39)"}
 * @param sentTo the member the task was sent to
 * @param ranOn the member that ran it (for an at-least-once task re-run after its member left, another one)
 * @param started when it started
 * @param finished when it finished, not before {@code started}
 * @param status how it ended
 */
public record TaskRun(String task, MemberInfo sentTo, MemberInfo ranOn, Instant started, Instant finished, Status status) {

  /** How a task's run ended. */
  public enum Status {
    /** It returned a result. */
    SUCCEEDED,
    /** It threw; its future failed with a {@link RemoteException}. */
    FAILED,
    /** Its member left before the result came back; its future failed with a {@link TaskLostException}. */
    LOST
  }

  /** Checks that every part is present and that it does not finish before it starts. */
  public TaskRun {
    requireNonNull(task, "task");
    requireNonNull(sentTo, "sentTo");
    requireNonNull(ranOn, "ranOn");
    requireNonNull(started, "started");
    requireNonNull(finished, "finished");
    requireNonNull(status, "status");
    if (finished.isBefore(started)) {
      throw new IllegalArgumentException(task + " finishes (" + finished + ") before it starts (" + started + ")");
    }
  }

  /**
   * How long it ran.
   *
   * @return {@code finished - started}
   */
  public Duration duration() {
    return Duration.between(started, finished);
  }

  /**
   * Whether it ran somewhere else than where it was sent: an at-least-once task run again after its member left,
   * or one whose partition moved to a new member.
   *
   * @return whether {@code ranOn} differs from {@code sentTo}
   */
  public boolean moved() {
    return !ranOn.uuid().equals(sentTo.uuid());
  }

  /**
   * When it started, as nanoseconds since {@code origin}; 0 if it started before {@code origin} (a member clock
   * behind the submitter's).
   *
   * @param origin the timeline's time zero, such as {@link WorkLog#origin()}
   * @return nanoseconds, not negative
   */
  public long startNanosSince(Instant origin) {
    return nanosSince(origin, started);
  }

  /**
   * When it finished, as nanoseconds since {@code origin}; never before {@link #startNanosSince}.
   *
   * @param origin the timeline's time zero, such as {@link WorkLog#origin()}
   * @return nanoseconds, not negative
   */
  public long endNanosSince(Instant origin) {
    return Math.max(startNanosSince(origin), nanosSince(origin, finished));
  }

  private static long nanosSince(Instant origin, Instant time) {
    return Math.max(0, Duration.between(requireNonNull(origin, "origin"), time).toNanos());
  }
}
