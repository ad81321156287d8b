package dev.concurrency.processes.internal;

import dev.concurrency.processes.RemoteException;
import java.time.Instant;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * The process pools' JDK Flight Recorder events, under "Concurrency / Process pool":
 *
 * <ul>
 *   <li>{@code dev.concurrency.processes.TaskQueued}: a task (or a {@code map} chunk) was submitted, with the
 *       length of the pool's queue then and the submitter's stack;
 *   <li>{@code dev.concurrency.processes.PoolTask}: a task's stay at one worker, from its dispatch to the worker to
 *       its answer, with the worker's PID and the outcome: {@code result}, {@code cancelled}, the exception's class
 *       (the remote exception's own class for an exception the task threw), {@code worker died} (the worker died
 *       under it), or {@code requeued} (its worker died or was stopped before it began, or the pool took it
 *       back for a free worker, and it runs on another);
 *   <li>{@code dev.concurrency.processes.WorkerStarted}: a worker process from its spawn to its first word (it
 *       booted and is ready), so the duration is its boot time; with its PID and the start time the operating
 *       system gives;
 *   <li>{@code dev.concurrency.processes.WorkerDied}: a worker's exit, with its exit code and the cause: {@code
 *       exit} (the pool let it go: shutdown, close), {@code maxtasksperchild}, {@code timeout} or {@code cancelled}
 *       (the pool killed it to stop its task), {@code stopped} ({@code shutdownNow}, {@code terminateWorkers},
 *       {@code killWorkers}), {@code broken} (the pool broke), or, for a death the pool did not cause, {@code
 *       killed} (a signal) or {@code exit code N}.
 * </ul>
 *
 * <p>{@code TaskQueued} and {@code PoolTask} come once per task, so they are off by default (annotated {@code
 * Enabled(false)}, as the JDK's own settings keep {@code jdk.VirtualThreadStart} off): a continuous production
 * recording does not pay for them, and a recording asks for them by name ({@code
 * recording.enable("dev.concurrency.processes.PoolTask")}, or a {@code .jfc} made with {@code jfr configure
 * +dev.concurrency.processes.PoolTask#enabled=true}). The worker events are rare and on in every recording.
 *
 * <p>With no recording, each hook asks one shared instance per event type for JFR's per-class enabled flag and
 * allocates nothing, and no job or worker keeps an event. Stateless; JFR makes committing thread-safe. The
 * hooks that keep an event on a job or a worker are called under the pool's lock, which guards those fields.
 */
final class ProcessPoolEvents {

  static final String RESULT = "result";
  static final String CANCELLED = "cancelled";
  static final String WORKER_DIED = "worker died";
  static final String REQUEUED = "requeued";

  // One instance per event type, only to ask whether a recording wants it: isEnabled() reads a flag JFR keeps per
  // event class. A fresh instance per call would be allocated whenever the JIT cannot prove it stays local (the
  // enabled path keeps the event on a job or a worker), recording or not.
  private static final TaskQueued QUEUED = new TaskQueued();
  private static final PoolTask TASK = new PoolTask();
  private static final WorkerStarted STARTED = new WorkerStarted();
  private static final WorkerDied DIED = new WorkerDied();

  private ProcessPoolEvents() {}

  @Category({"Concurrency", "Process pool"})
  abstract static class ProcessPoolEvent extends Event {
    @Label("Pool")
    @Description("The pool's name: ProcessPool.Builder.name, or ProcessPool-N")
    String pool = "";
  }

  /** A task handed to a pool. */
  @Enabled(false) // one per task: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.processes.TaskQueued")
  @Label("Task Queued")
  @StackTrace(true)
  static final class TaskQueued extends ProcessPoolEvent {
    @Label("Task id")
    long taskId;

    @Label("Queue length")
    @Description("The tasks waiting in the pool's queue when this one was submitted")
    int queueLength;
  }

  /** A task's stay at one worker. */
  @Enabled(false) // one per task: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.processes.PoolTask")
  @Label("Pool Task")
  @StackTrace(false)
  static final class PoolTask extends ProcessPoolEvent {
    @Label("Worker PID")
    long workerPid;

    @Label("Task id")
    long taskId;

    @Label("Task")
    String task = "";

    @Label("Outcome")
    @Description("result, cancelled, the exception's class, worker died, or requeued")
    String outcome = "";
  }

  /** What happens to one worker process. */
  abstract static class WorkerEvent extends ProcessPoolEvent {
    @Label("Worker")
    String worker = "";

    @Label("PID")
    long pid;

    final void about(String poolName, Worker subject) {
      pool = poolName;
      worker = subject.name;
      pid = subject.jvm().pid();
    }
  }

  /** A worker process's start, from its spawn until it is ready. */
  @Name("dev.concurrency.processes.WorkerStarted")
  @Label("Worker Started")
  @StackTrace(false)
  static final class WorkerStarted extends WorkerEvent {
    @Label("Process start")
    @Description("When the operating system started the process")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long processStart;

    @Label("Warm spare")
    @Description("Whether the worker was taken booted from a warm spare")
    boolean warmSpare;
  }

  /** A worker process's exit. */
  @Name("dev.concurrency.processes.WorkerDied")
  @Label("Worker Died")
  @StackTrace(false)
  static final class WorkerDied extends WorkerEvent {
    @Label("Cause")
    @Description("exit, maxtasksperchild, timeout, cancelled, stopped, broken; killed or exit code N if unexpected")
    String cause = "";

    @Label("Exit code")
    @Description("In Python's convention: minus the signal's number when a signal ended it")
    int exitCode;

    @Label("Tasks run")
    int tasksRun;
  }

  static void queued(String pool, long taskId, int queueLength) {
    if (QUEUED.isEnabled()) {
      TaskQueued event = new TaskQueued();
      event.pool = pool;
      event.taskId = taskId;
      event.queueLength = queueLength;
      event.commit();
    }
  }

  /** A job was sent to a worker: opens its event on the job, if one is recorded. */
  static void dispatched(String pool, Job job, long workerPid) {
    if (TASK.isEnabled()) {
      PoolTask event = new PoolTask();
      event.pool = pool;
      event.workerPid = workerPid;
      event.taskId = job.id;
      event.task = TaskNames.of(job);
      event.begin();
      job.event = event;
    }
  }

  /** A job left its worker with {@code outcome}: closes its event, if one is open. */
  static void left(Job job, String outcome) {
    PoolTask event = job.event;
    if (event != null) {
      job.event = null;
      event.end();
      if (event.shouldCommit()) {
        event.outcome = outcome;
        event.commit();
      }
    }
  }

  /** A job left its worker with {@code failure}. */
  static void failed(Job job, Throwable failure) {
    if (job.event != null) {
      left(job, failure instanceof RemoteException remote ? remote.remoteType() : failure.getClass().getName());
    }
  }

  /** A worker process was spawned, or taken from the warm spares: opens its start event, if one is recorded. */
  static void spawned(String pool, Worker worker, boolean warmSpare) {
    if (STARTED.isEnabled()) {
      WorkerStarted event = new WorkerStarted();
      event.about(pool, worker);
      event.warmSpare = warmSpare;
      event.begin();
      worker.startEvent = event;
    }
  }

  /** The worker said it is ready: closes its start event, if one is open. */
  static void ready(Worker worker) {
    WorkerStarted event = worker.startEvent;
    if (event != null) {
      worker.startEvent = null;
      event.end();
      if (event.shouldCommit()) {
        event.processStart = worker.jvm().handle().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        event.commit();
      }
    }
  }

  static void died(String pool, Worker worker, int exitCode) {
    if (DIED.isEnabled()) {
      WorkerDied event = new WorkerDied();
      event.about(pool, worker);
      event.cause = cause(worker, exitCode);
      event.exitCode = exitCode;
      event.tasksRun = worker.completed;
      event.commit();
    }
  }

  private static String cause(Worker worker, int exitCode) {
    String retired = worker.retiredBecause;
    if (retired != null) {
      return retired;
    }
    return exitCode < 0 ? "killed" : "exit code " + exitCode;
  }
}
