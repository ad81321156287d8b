package dev.concurrency.threads.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The thread pools' JDK Flight Recorder events, under "Concurrency / Thread pool":
 *
 * <ul>
 *   <li>{@code dev.concurrency.threads.TaskQueued}: a task was handed to the pool, with the queue's length then;
 *   <li>{@code dev.concurrency.threads.PoolTask}: a worker ran a task, from its start to its end, with the outcome
 *       ({@code result}, {@code cancelled}, or the exception's class);
 *   <li>{@code dev.concurrency.threads.WorkerStarted} / {@code WorkerDied}: a worker thread began / ended, and
 *       what ended it ({@code exit}, or the class of what it threw).
 * </ul>
 *
 * <p>{@code TaskQueued} and {@code PoolTask} come once per task, so they are off by default (annotated {@code
 * Enabled(false)}, as the JDK's own settings keep {@code jdk.VirtualThreadStart} off): a recording asks for them by
 * name ({@code recording.enable("dev.concurrency.threads.PoolTask")}, or a {@code .jfc} made with {@code jfr configure
 * +dev.concurrency.threads.PoolTask#enabled=true}). The worker events are rare and on in every recording.
 *
 * <p>With no recording, each hook checks the event's enabled flag and allocates nothing. Stateless; JFR makes
 * committing thread-safe.
 */
public final class PoolEvents {

  // One instance per event type, only to ask whether a recording wants it: isEnabled() reads a flag JFR keeps per
  // event class. A fresh instance per call would be allocated on every task, recording or not, since the one
  // returned to the pool escapes and the JIT keeps an allocation that escapes on any path.
  private static final TaskQueued QUEUED = new TaskQueued();
  private static final PoolTask TASK = new PoolTask();
  private static final WorkerStarted STARTED = new WorkerStarted();
  private static final WorkerDied DIED = new WorkerDied();

  private PoolEvents() {}

  @Category({"Concurrency", "Thread pool"})
  abstract static class PoolEvent extends Event {
    @Label("Pool")
    String pool = "";
  }

  /** A task handed to a pool. */
  @Enabled(false) // one per task: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.threads.TaskQueued")
  @Label("Task Queued")
  @StackTrace(true)
  static final class TaskQueued extends PoolEvent {
    @Label("Queue length")
    @Description("The tasks waiting in the queue when this one was handed over")
    int queueLength;
  }

  /** A task run by a worker. */
  @Enabled(false) // one per task: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.threads.PoolTask")
  @Label("Pool Task")
  @StackTrace(false)
  public static final class PoolTask extends PoolEvent {
    @Label("Task")
    String task = "";

    @Label("Outcome")
    String outcome = "";
  }

  /** A worker thread's start. */
  @Name("dev.concurrency.threads.WorkerStarted")
  @Label("Worker Started")
  @StackTrace(false)
  static final class WorkerStarted extends PoolEvent {}

  /** A worker thread's end. */
  @Name("dev.concurrency.threads.WorkerDied")
  @Label("Worker Died")
  @StackTrace(false)
  static final class WorkerDied extends PoolEvent {
    @Label("Cause")
    @Description("exit, or the class of what the thread threw")
    String cause = "";
  }

  static void queued(String pool, int queueLength) {
    if (QUEUED.isEnabled()) {
      TaskQueued event = new TaskQueued();
      event.pool = pool;
      event.queueLength = queueLength;
      event.commit();
    }
  }

  /** Opens a task's event, or returns null when nobody records it. */
  static @Nullable PoolTask taskStarts(String pool, Runnable task) {
    if (!TASK.isEnabled()) {
      return null;
    }
    PoolTask event = new PoolTask();
    event.pool = pool;
    event.task = String.valueOf(task);
    event.begin();
    return event;
  }

  static void taskEnds(PoolTask event, String outcome) {
    event.end();
    if (event.shouldCommit()) {
      event.outcome = outcome;
      event.commit();
    }
  }

  static void workerStarted(String pool) {
    if (STARTED.isEnabled()) {
      WorkerStarted event = new WorkerStarted();
      event.pool = pool;
      event.commit();
    }
  }

  static void workerDied(String pool, String cause) {
    if (DIED.isEnabled()) {
      WorkerDied event = new WorkerDied();
      event.pool = pool;
      event.cause = cause;
      event.commit();
    }
  }
}
