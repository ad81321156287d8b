package dev.concurrency.async;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * The event loop's JDK Flight Recorder events, and the hooks the loop and its tasks call to emit them.
 *
 * <p>Events, all under the category "Concurrency / Event loop" ({@code jfr print --categories 'Event loop'}):
 *
 * <ul>
 *   <li>{@code dev.concurrency.async.TaskCreated}: a task was created (its loop, id and name);
 *   <li>{@code dev.concurrency.async.TaskStep}: one step of a task, from the moment it starts or resumes to the await
 *       or return that ends it (the task's running slices; {@code first} marks the first run);
 *   <li>{@code dev.concurrency.async.TaskSuspended}: a task suspended, from its await until it resumes, with what it
 *       awaited;
 *   <li>{@code dev.concurrency.async.TaskDone}: a task finished, with its outcome ({@code result}, {@code
 *       cancelled} or the exception's class);
 *   <li>{@code dev.concurrency.async.SlowCallback}: a callback or task step that held the loop for 100 ms or more
 *       (JFR's own threshold, changeable in a {@code .jfc} file or with {@code jfr configure}); unlike asyncio's
 *       slow-callback warning it needs no debug mode;
 *   <li>{@code dev.concurrency.async.BlockedLoop}: the blocked-loop watchdog found the loop stuck, with the stack.
 * </ul>
 *
 * <p><b>Enabled by default?</b> The four task events come once per task or step ({@code TaskCreated} and {@code
 * TaskSuspended} with a stack trace), so they are {@code @Enabled(false)}: a continuous production recording ({@code
 * -XX:StartFlightRecording}) would otherwise pay for them on every step, as the JDK keeps its own {@code
 * jdk.VirtualThreadStart} off in its settings. A recording asks for them by name ({@code
 * recording.enable("dev.concurrency.async.TaskStep")}, or a {@code .jfc} made with {@code jfr configure
 * +dev.concurrency.async.TaskStep#enabled=true}). {@code SlowCallback} and {@code BlockedLoop} are rare and on in
 * every recording.
 *
 * <p><b>Cost.</b> With no recording (or these events disabled) each hook is one check of a flag JFR keeps per event
 * class, asked of one shared instance per event type, which the JIT folds; event objects are allocated only for a
 * recording that wants them. {@code JfrHooksBenchmark} in the benchmarks module measures it (against {@link
 * #HOOKS_PROPERTY}{@code =false}, which removes the hooks). A recording that enables them costs an event per step.
 *
 * <p>Stateless; the hooks are called on the thread that holds the loop, except {@link #blocked}, which the
 * watchdog's thread calls. JFR makes events thread-safe to commit.
 *
 * <p><b>Python:</b> no counterpart in asyncio; the nearest are {@code sys.monitoring} (3.12) and asyncio's debug
 * mode, whose slow-callback warning {@code SlowCallback} records without debug mode.
 */
final class TaskEvents {

  /**
   * The system property that, {@code false}, removes the hooks altogether (read once, at class initialization: the
   * JIT then drops every hook as dead code). For measuring what the hooks cost ({@code JfrHooksBenchmark}); with
   * the hooks in place and no recording the cost is already too small to measure.
   */
  static final String HOOKS_PROPERTY = "dev.concurrency.async.jfr";

  private static final boolean HOOKS = !"false".equalsIgnoreCase(System.getProperty(HOOKS_PROPERTY));

  // One instance per event type, only to ask whether a recording wants the type: isEnabled() reads a flag JFR keeps
  // per event class, so a shared instance answers for every thread. Asking a fresh instance would allocate one on
  // every hook, recording or not: an enabled event escapes into the task's Open (or to the caller), and the JIT's
  // escape analysis keeps an allocation that escapes on any path.
  private static final TaskCreated CREATED = new TaskCreated();
  private static final TaskStep STEP = new TaskStep();
  private static final TaskSuspended SUSPENDED = new TaskSuspended();
  private static final TaskDone DONE = new TaskDone();
  private static final SlowCallback SLOW = new SlowCallback();

  private TaskEvents() {}

  @Category({"Concurrency", "Event loop"})
  abstract static class LoopEvent extends Event {
    @Label("Loop")
    @Description("The event loop's identity hash code, in hex")
    String loop = "";

    @Label("Task id")
    @Description("The task's number on its loop, the N of Task-N")
    long taskId;

    @Label("Task")
    String taskName = "";

    final void of(AsyncTask<?> task) {
      loop = Integer.toHexString(System.identityHashCode(task.getLoop()));
      taskId = task.number();
      taskName = task.nameWithoutCaching();
    }
  }

  @Enabled(false) // one per task or step: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.async.TaskCreated")
  @Label("Task Created")
  @StackTrace(true)
  static final class TaskCreated extends LoopEvent {}

  @Enabled(false) // one per task or step: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.async.TaskStep")
  @Label("Task Step")
  @Description("A task running on its loop, from its start or resumption to the await or return that ends the step")
  @StackTrace(false)
  static final class TaskStep extends LoopEvent {
    @Label("First step")
    boolean first;
  }

  @Enabled(false) // one per task or step: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.async.TaskSuspended")
  @Label("Task Suspended")
  @Description("A task waiting at an await, until it resumes")
  @StackTrace(true)
  static final class TaskSuspended extends LoopEvent {
    @Label("Awaiting")
    String awaiting = "";
  }

  @Enabled(false) // one per task or step: a recording asks for it by name (see the class comment)
  @Name("dev.concurrency.async.TaskDone")
  @Label("Task Done")
  @StackTrace(false)
  static final class TaskDone extends LoopEvent {
    @Label("Outcome")
    @Description("result, cancelled, or the class of the exception the task ended with")
    String outcome = "";
  }

  @Name("dev.concurrency.async.SlowCallback")
  @Label("Slow Callback")
  @Description("A callback or task step that held the event loop for longer than the threshold")
  @Threshold("100 ms")
  @StackTrace(false)
  static final class SlowCallback extends LoopEvent {
    @Label("Callback")
    String callback = "";
  }

  @Name("dev.concurrency.async.BlockedLoop")
  @Label("Blocked Loop")
  @Description("The watchdog found the loop held by one step for longer than its limit")
  @Category({"Concurrency", "Event loop"})
  @StackTrace(false)
  static final class BlockedLoop extends Event {
    @Label("Held by")
    String heldBy = "";

    @Label("Blocked for")
    @Timespan(Timespan.MILLISECONDS)
    long blockedFor;

    @Label("Stack")
    @Description("The stack of the thread that holds the loop, innermost frame first")
    String stack = "";
  }

  /** Per task: the events open while a recording wants them (touched by the thread holding the loop only). */
  static final class Open {
    @Nullable TaskStep step;
    @Nullable SlowCallback slowStep;
    @Nullable TaskSuspended suspension;
    boolean stepped;
  }

  // Each hook is split in two: a check small enough for the JIT to inline into the loop's hot path, and the
  // recording body, which runs only for a recording that wants the event. A hook of 100 bytes of bytecode was
  // not inlined into the step path, and one task switching by sleep(0) ran 13 % slower for it (issue 15).

  static void created(AsyncTask<?> task) {
    if (HOOKS && CREATED.isEnabled()) {
      recordCreated(task);
    }
  }

  private static void recordCreated(AsyncTask<?> task) {
    TaskCreated event = new TaskCreated();
    event.of(task);
    event.commit();
  }

  static void stepBegins(AsyncTask<?> task) {
    if (HOOKS && (task.jfr != null || STEP.isEnabled() || SLOW.isEnabled())) {
      recordStepBegins(task);
    }
  }

  private static void recordStepBegins(AsyncTask<?> task) {
    Open open = task.jfr;
    if (open != null && open.suspension != null) {
      open.suspension.end(); // resumed now: the loop hands it the baton
      open.suspension.commit();
      open.suspension = null;
    }
    if (STEP.isEnabled() || SLOW.isEnabled()) {
      // The task's fields are filled in at the end, and only for an event that is kept: SlowCallback is on in
      // every recording, but almost no step passes its threshold, and formatting the loop's id and the task's
      // name on every step took a third of E3's CPU samples under a recording that only sampled execution.
      TaskStep step = new TaskStep();
      SlowCallback slow = new SlowCallback();
      if (open == null) {
        open = new Open();
        task.jfr = open;
      }
      step.first = !open.stepped;
      open.stepped = true;
      step.begin();
      open.step = step;
      slow.begin();
      open.slowStep = slow;
    }
  }

  static void stepEnds(AsyncTask<?> task) {
    Open open = task.jfr;
    if (HOOKS && open != null) {
      recordStepEnds(task, open);
    }
  }

  private static void recordStepEnds(AsyncTask<?> task, Open open) {
    if (open.step == null || open.slowStep == null) {
      return;
    }
    TaskStep step = open.step;
    SlowCallback slow = open.slowStep;
    open.step = null;
    open.slowStep = null;
    step.end();
    if (step.shouldCommit()) {
      step.of(task);
      step.commit();
    }
    slow.end();
    if (slow.shouldCommit()) {
      slow.of(task);
      slow.callback = "a step of task '" + task.nameWithoutCaching() + "'";
      slow.commit();
    }
  }

  static void suspends(AsyncTask<?> task, @Nullable AsyncFuture<?> awaiting) {
    if (HOOKS && SUSPENDED.isEnabled()) {
      recordSuspends(task, awaiting);
    }
  }

  private static void recordSuspends(AsyncTask<?> task, @Nullable AsyncFuture<?> awaiting) {
    TaskSuspended event = new TaskSuspended();
    event.of(task);
    event.awaiting = awaiting == null ? "the next tick" : AwaitGraph.label(awaiting);
    event.begin();
    Open open = task.jfr;
    if (open == null) {
      open = new Open();
      task.jfr = open;
    }
    open.suspension = event;
  }

  static void done(AsyncTask<?> task) {
    if (HOOKS && DONE.isEnabled()) {
      recordDone(task);
    }
  }

  private static void recordDone(AsyncTask<?> task) {
    TaskDone event = new TaskDone();
    event.of(task);
    Throwable error = task.peekException();
    event.outcome = task.cancelled() ? "cancelled" : error == null ? "result" : error.getClass().getName();
    event.commit();
  }

  /** Times one callback the loop runs: returns the open event, or null when nobody records slow callbacks. */
  static @Nullable SlowCallback callbackBegins() {
    if (!HOOKS || !SLOW.isEnabled()) {
      return null;
    }
    SlowCallback event = new SlowCallback();
    event.begin();
    return event;
  }

  static void callbackEnds(@Nullable SlowCallback event, Handle handle) {
    if (event != null) {
      event.end();
      if (event.shouldCommit()) {
        event.callback = String.valueOf(handle);
        event.commit();
      }
    }
  }

  static void blocked(String heldBy, java.time.Duration blockedFor, StackTraceElement[] stack) {
    if (!HOOKS) {
      return;
    }
    BlockedLoop event = new BlockedLoop();
    if (event.isEnabled()) {
      event.heldBy = heldBy;
      event.blockedFor = blockedFor.toMillis();
      StringBuilder text = new StringBuilder();
      for (StackTraceElement frame : stack) {
        text.append(frame).append('\n');
      }
      event.stack = text.toString();
      event.commit();
    }
  }
}
