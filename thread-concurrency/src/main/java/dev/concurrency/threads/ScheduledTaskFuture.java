package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import com.google.common.math.LongMath;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The future of a task given to a {@link ScheduledExecutor}: a {@link TaskFuture} that is due at a time on the
 * executor's clock, and for a periodic task runs again and again.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=scheduled}
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=scheduled-cancel}
 *
 * <p><b>One-shot tasks</b> behave as every {@code TaskFuture}: {@code cancel(false)} succeeds only while the
 * task waits (for its time, or for a worker), {@code cancel(true)} also interrupts a running task. A cancelled
 * task leaves the executor's queue at once. <b>Periodic tasks</b> never complete normally: the future stands for
 * every run still to come. It completes exceptionally when a run throws (no further runs), and is cancelled by
 * {@code cancel}, which here succeeds even while a run is in progress: that run finishes (or, with {@code
 * cancel(true)}, is interrupted) and none follows.
 *
 * <p>This class is thread-safe. Memory consistency effects: as for {@link TaskFuture}; in addition the actions
 * of one run of a periodic task happen-before the next run.
 *
 * <p><b>Python:</b> none; the standard library's {@code sched.scheduler} returns an event that {@code cancel}
 * removes from the queue, as {@code cancel(false)} does here.
 *
 * @param <V> the result type of a one-shot task; periodic tasks have none
 */
public final class ScheduledTaskFuture<V> extends TaskFuture<V> implements RunnableScheduledFuture<V> {

  private final ScheduledExecutor owner;
  private final long sequence;
  /** Zero for a one-shot task; positive for a fixed rate; negative (minus the delay) for a fixed delay. */
  private final long period;
  /** On the owner's clock; changes only while a periodic task is out of the queue, between its runs. */
  private volatile long deadline;

  ScheduledTaskFuture(Callable<V> task, long deadline, long period, long sequence, ScheduledExecutor owner) {
    super(task);
    this.deadline = deadline;
    this.period = period;
    this.sequence = sequence;
    this.owner = requireNonNull(owner, "owner");
  }

  /** The time left until the task is due, on the executor's clock; zero or negative once it is. */
  @Override
  public long getDelay(TimeUnit unit) {
    return unit.convert(deadline - owner.clock().read(), TimeUnit.NANOSECONDS);
  }

  /** Earlier deadline first; equal deadlines in the order the tasks were scheduled. */
  @Override
  public int compareTo(Delayed other) {
    if (other == this) {
      return 0;
    }
    if (other instanceof ScheduledTaskFuture<?> that) {
      int byTime = Long.compare(deadline, that.deadline);
      return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
    }
    return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
  }

  /** Whether the task runs repeatedly ({@code scheduleAtFixedRate} or {@code scheduleWithFixedDelay}). */
  @Override
  public boolean isPeriodic() {
    return period != 0;
  }

  /**
   * Runs the task once. A periodic task that returns normally and is not cancelled is then scheduled again:
   * at its previous due time plus the period (fixed rate), or at the end of this run plus the delay (fixed
   * delay).
   */
  @Override
  public void run() {
    if (!isPeriodic()) {
      super.run();
      return;
    }
    if (!claim()) {
      return;
    }
    boolean again = false;
    try {
      if (!isDone()) {
        callable().call();
        again = true;
      }
    } catch (Throwable t) {
      completeExceptionally(t);
    } finally {
      again &= release(isDone() ? Phase.ENDED : Phase.PENDING);
    }
    if (again && !isDone()) {
      deadline =
          period > 0
              ? LongMath.saturatedAdd(deadline, period)
              : LongMath.saturatedAdd(owner.clock().read(), -period);
      owner.reschedule(this);
    }
  }

  /** As {@link TaskFuture#cancel}; a cancelled task also leaves the executor's queue. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      owner.remove(this);
    }
    return cancelled;
  }

  @Override
  boolean cancelsWhileRunning() {
    return isPeriodic();
  }

  long deadline() {
    return deadline;
  }

  boolean belongsTo(ScheduledExecutor executor) {
    return owner == executor;
  }
}
