package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine scheduled on an {@link EventLoop}: straight-line code on its own virtual thread that runs only
 * while it holds the loop's baton, and whose outcome is this future's.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=task}
 *
 * <p><b>Scheduling.</b> A new task starts in a later tick. It runs until it awaits something not yet done
 * ({@link AsyncFuture#await()}, {@link AsyncIO#sleep}, ...), which suspends it and lets the loop go on; when
 * the awaited future completes, the task is scheduled to resume. Exactly one task or callback runs at a time,
 * so code between two awaits runs without interleaving, as in asyncio.
 *
 * <p><b>Cancellation.</b> {@link #cancel(String)} is a request: if the task is waiting on a future, that future
 * is cancelled, which resumes the task with {@link CancelledError}; if the task is running (it cancelled itself,
 * or code it called did), the future it awaits next is cancelled at once, as asyncio's {@code Task.__step} does
 * with {@code _must_cancel}, and a {@code sleep(0)} ends in the error. A task cancelled before it started never runs. The task ends cancelled if {@link CancelledError}
 * escapes its body; the body may catch it to clean up, and should rethrow it. {@link #cancelling()} counts the
 * pending requests and {@link #uncancel()} withdraws one, which is how {@link Timeout} and {@link TaskGroup}
 * tell their own cancellations from outside ones. A task is never interrupted with {@link
 * Thread#interrupt()}.
 *
 * <p><b>Interrupts.</b> An interrupt of a task's thread (by the task's own code, or by another thread) belongs to
 * the task's code: the loop neither cancels the task nor acts on it otherwise. An {@code await} waits on as if
 * nothing happened (as {@link java.util.concurrent.CompletableFuture#join()} and the other JDK waits that throw no
 * {@link InterruptedException} do) and returns with the status set, so code after it, or a blocking JDK call it
 * makes, sees it. Meanwhile the thread may run other tasks' callbacks and the loop's idle wait: those see a clear
 * status, and the wait does not spin. Why not a cancellation: asyncio stops a task only with {@code cancel()};
 * the common {@code catch (InterruptedException e) { Thread.currentThread().interrupt(); }} inside a task would
 * otherwise cancel it at its next {@code await}; and the experimental continuation scheduler gives a task no
 * thread of its own to interrupt. To stop a task from another thread, use {@code
 * loop.callSoonThreadsafe(task::cancel)}. (With that scheduler, a task's thread is the loop's thread, so an
 * interrupt there is the run's Ctrl-C: see {@link EventLoop}.)
 *
 * <p><b>Thread-safety.</b> Loop-confined, like every {@link AsyncFuture}. {@link #setResult} and {@link
 * #setException} are not supported: a task completes by returning or throwing.
 *
 * <p><b>Memory consistency.</b> Actions of the code that created a task happen-before its body starts;
 * actions of the body happen-before an {@code await} of the task returns.
 *
 * <p><b>Context.</b> A task runs in its own {@link Context}: a copy of its creator's current context, made when
 * it is created (or the one its {@link TaskOptions} give), as asyncio copies {@code contextvars}. Its thread
 * inherits no {@link InheritableThreadLocal} values (it is created by whichever thread holds the baton when the
 * task first runs, so what it would inherit would be arbitrary).
 *
 * <p><b>Python:</b> {@code asyncio.Task}; {@link #create} is its constructor. Differences: the task runs on a
 * virtual thread, not as a generator driven by {@code send}; {@link #getStack()} is the thread's Java stack.
 *
 * @param <T> the type of the result
 */
public final class AsyncTask<T> extends AsyncFuture<T> {

  private final Coroutine<T> coroutine;
  private final long number;
  private @Nullable String name;
  private @Nullable Thread thread;
  private @Nullable Object continuation; // only with the experimental Continuations scheduler
  private @Nullable AsyncFuture<?> waitingOn;
  private @Nullable Context context; // null: no variables yet (made on first use, so tasks without any pay nothing)
  private @Nullable Thread eagerCaller; // during an eager first step: the thread to hand the baton back to
  private boolean finishedEagerly;
  private boolean mustCancel;
  private boolean interruptKept; // the interrupt status of this task's thread, set aside while it runs the loop
  private @Nullable String pendingCancelMessage;
  private int cancelRequests;
  // the loop's list of live tasks (LiveTasks)
  @Nullable AsyncTask<?> prevLive;
  @Nullable AsyncTask<?> nextLive;
  boolean live;
  // the JFR events open for this task while a recording wants them (TaskEvents); null otherwise
  TaskEvents.@Nullable Open jfr;

  private AsyncTask(
      EventLoop loop, Coroutine<T> coroutine, @Nullable String name, long number, @Nullable Context context) {
    super(loop);
    this.coroutine = coroutine;
    this.name = name;
    this.number = number;
    this.context = context;
  }

  /**
   * Creates a task of {@code loop} running {@code coroutine} and schedules it, bypassing the loop's task factory:
   * the constructor a {@link TaskFactory} calls. The task runs in {@code options}' context, else in a copy of the
   * current context. With {@code options.eagerStart() == true} and the loop running, its first step runs now, on
   * the calling task's behalf, up to its first suspension: when this returns, a task that never suspended is
   * already done. Otherwise it starts in a later tick. Loop-confined.
   *
   * <p><b>Python:</b> {@code asyncio.Task(coro, loop=loop, name=..., context=..., eager_start=...)}.
   *
   * @param <T> the type of the result
   * @param loop the event loop
   * @param coroutine the task's body
   * @param options the task's name, context and start
   * @return the new task
   * @throws IllegalStateException if called off the loop, or the loop is closed
   */
  public static <T> AsyncTask<T> create(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
    requireNonNull(loop, "loop");
    requireNonNull(coroutine, "coroutine");
    requireNonNull(options, "options");
    loop.checkConfined("AsyncTask.create");
    Context given = options.context();
    Context taskContext;
    if (given != null) {
      taskContext = given;
    } else {
      java.util.Map<ContextVar<?>, Object> inherited = loop.schedulingSnapshot();
      taskContext = inherited.isEmpty() ? null : new Context(inherited);
    }
    AsyncTask<T> task = new AsyncTask<>(loop, coroutine, options.name(), loop.nextTaskNumber(), taskContext);
    loop.register(task);
    if (Boolean.TRUE.equals(options.eagerStart()) && loop.isRunning()) {
      if (Continuations.ENABLED) {
        task.startEagerlyAsContinuation();
      } else {
        task.startEagerly();
      }
    } else {
      loop.readyAppend(task);
    }
    return task;
  }

  /**
   * The eager start: hands the baton to this task's new thread and waits until its first step ends (it suspends
   * or finishes), when the baton comes straight back to this thread, not through the loop. Two hand-overs; a
   * task that finishes in its first step never enters the ready queue.
   */
  private void startEagerly() {
    AsyncTask<?> caller = loop.current();
    Thread me = Thread.currentThread();
    eagerCaller = me;
    loop.beginStep(this);
    Thread t = loop.newTaskThread(new Body(this));
    thread = t;
    loop.pass(t);
    loop.awaitBaton(me, null);
    loop.resumeStep(caller);
  }

  /**
   * The eager start on the experimental scheduler: the new task's continuation runs nested in the caller's, on
   * the loop's thread, until it yields (the innermost continuation of the scope yields) or ends.
   */
  private void startEagerlyAsContinuation() {
    AsyncTask<?> caller = loop.current();
    loop.beginStep(this);
    stepAsContinuation(Thread.currentThread());
    finishedEagerly = done();
    loop.resumeStep(caller);
  }

  /** Ends an eager first step: the baton goes back to the task that created this one. */
  private boolean handBackIfEager() {
    Thread caller = eagerCaller;
    if (caller == null) {
      return false;
    }
    eagerCaller = null;
    loop.pass(caller);
    return true;
  }

  /**
   * The task's name ({@code Task-N} unless one was given).
   *
   * @return the task's name ({@code Task-N} unless one was given)
   */
  public String getName() {
    String n = name;
    if (n == null) {
      n = "Task-" + number; // built on demand: most tasks are never asked
      name = n;
    }
    return n;
  }

  String nameWithoutCaching() {
    String n = name;
    return n != null ? n : "Task-" + number;
  }

  @Nullable Thread threadIfStarted() {
    return thread;
  }

  /** What the task is suspended on right now, or {@code null} (read by the call graph and the monitoring). */
  @Nullable AsyncFuture<?> waitingOn() {
    return waitingOn;
  }

  /** The task's serial number on its loop, the N of {@code Task-N}. */
  long number() {
    return number;
  }

  /** Whether the task's first step has begun (it has a thread or a continuation). */
  boolean started() {
    return thread != null || continuation != null;
  }

  /**
   * Renames the task.
   *
   * @param name the name
   */
  public void setName(String name) {
    this.name = requireNonNull(name, "name");
  }

  /**
   * Requests cancellation; see the class description.
   *
   * @return {@code false} if the task is already done, {@code true} otherwise
   */
  @Override
  public boolean cancel(@Nullable String message) {
    loop.checkConfinedInDebug("cancel");
    markRetrieved();
    if (done()) {
      return false;
    }
    cancelRequests++;
    AsyncFuture<?> waiting = waitingOn;
    if (waiting != null && waiting.cancel(message)) {
      return true;
    }
    mustCancel = true;
    pendingCancelMessage = message;
    return true;
  }

  /**
   * The number of cancellation requests not yet withdrawn by {@link #uncancel()}.
   *
   * @return the number of cancellation requests not yet withdrawn by {@link #uncancel()}
   */
  public int cancelling() {
    return cancelRequests;
  }

  /**
   * Withdraws one cancellation request; when none is left, a cancellation not yet delivered is dropped.
   *
   * @return the number of requests left
   */
  public int uncancel() {
    if (cancelRequests > 0) {
      cancelRequests--;
      if (cancelRequests == 0) {
        mustCancel = false;
      }
    }
    return cancelRequests;
  }

  /** Not supported: a task completes by returning. */
  @Override
  public void setResult(@Nullable T value) {
    throw new UnsupportedOperationException("a task's result is what its body returns; setResult is not allowed");
  }

  /** Not supported: a task fails by throwing. */
  @Override
  public void setException(Throwable error) {
    throw new UnsupportedOperationException("a task's exception is what its body throws; setException is not allowed");
  }

  /**
   * The context the task runs in: a copy of its creator's current context, made when it was created, or the
   * one given in its {@link TaskOptions}.
   *
   * <p><b>Python:</b> {@code Task.get_context()}.
   *
   * @return the context the task runs in: a copy of its creator's current context, made when it was created, or the
   *     one given in its {@link TaskOptions}
   */
  public Context getContext() {
    return context();
  }

  /**
   * The task's body; {@code null} for a task that finished within its eager first step (asyncio 3.13 returns
   * {@code None} there too, since such a coroutine never belonged to a scheduled task).
   *
   * <p><b>Python:</b> {@code Task.get_coro()}.
   *
   * @return the task's body; {@code null} for a task that finished within its eager first step (asyncio 3.13 returns
   *     {@code None} there too, since such a coroutine never belonged to a scheduled task)
   */
  public @Nullable Coroutine<T> getCoro() {
    return finishedEagerly ? null : coroutine;
  }

  Context context() {
    Context c = context;
    if (c == null) {
      c = new Context();
      context = c;
    }
    return c;
  }

  java.util.Map<ContextVar<?>, Object> contextSnapshot() {
    Context c = context;
    return c != null ? c.snapshot() : Handle.NO_VARIABLES;
  }

  Context swapContext(Context next) {
    Context previous = context();
    context = next;
    return previous;
  }

  /**
   * Prints the task's name, state and {@link #getStack() stack} to {@code out}, innermost frame first, at most
   * {@code limit} frames ({@code null}: all).
   *
   * <p><b>Python:</b> {@code Task.print_stack(limit=None, file=None)}.
   *
   * @param limit the most frames to print, or {@code null} for all
   * @param out where to print
   */
  public void printStack(@Nullable Integer limit, java.io.PrintStream out) {
    requireNonNull(out, "out");
    StackTraceElement[] frames = getStack();
    int n = limit == null ? frames.length : Math.min(Math.max(limit, 0), frames.length);
    if (n == 0) {
      out.println("No stack for " + this);
    } else {
      out.println("Stack for " + this + " (most recent call first):");
      for (int i = 0; i < n; i++) {
        out.println("  at " + frames[i]);
      }
    }
    Throwable error = done() && !cancelled() ? peekException() : null;
    if (error != null) {
      out.println("Exception of " + this + ":");
      error.printStackTrace(out);
    }
  }

  /** {@link #printStack(Integer, java.io.PrintStream)} of every frame to {@link System#err}. */
  public void printStack() {
    printStack(null, System.err);
  }

  /**
   * Where the task is suspended (its thread's stack, or its continuation's on the experimental scheduler), or an
   * empty array if it is not suspended: not started, running, or done.
   *
   * @return where the task is suspended, innermost frame first, or an empty array
   */
  public StackTraceElement[] getStack() {
    Thread t = thread;
    if (t == null || done() || loop.current() == this) {
      return new StackTraceElement[0];
    }
    Object c = continuation;
    return c != null ? Continuations.stackTrace(c) : t.getStackTrace();
  }

  @Override
  public String toString() {
    AsyncFuture<?> waiting = waitingOn;
    String described = describe("Task '" + getName() + "'");
    return waiting == null ? described : described + " waitFor=" + waiting;
  }

  // ---------------------------------------------------------------- the loop's side

  /** The current task of the running loop on this thread, or a clear error for {@code what}. */
  static AsyncTask<?> requireCurrent(String what, @Nullable EventLoop expected) {
    EventLoop running = EventLoop.running();
    if (running == null) {
      throw new IllegalStateException(
          what + "() must be called from a task of a running event loop (for example inside AsyncIO.run(...));"
              + " there is no running event loop on thread '" + Thread.currentThread().getName() + "'");
    }
    AsyncTask<?> task = running.current();
    if (task == null || task.thread != Thread.currentThread()) {
      throw new IllegalStateException(
          what + "() must be called from a task, not from a callback: callbacks cannot suspend;"
              + " run the code in a task with createTask(...)");
    }
    if (expected != null && expected != running) {
      throw new IllegalStateException(what + "() on a future of another event loop than the running one");
    }
    return task;
  }

  /**
   * The thread to hand the baton to for this task's next step, or {@code null} if the task, cancelled before
   * it started, has just completed without one. Sets {@link #needsStart()} for a new thread.
   */
  @Nullable Thread threadForStep() {
    Thread t = thread;
    if (t != null) {
      return t;
    }
    if (mustCancel) {
      mustCancel = false;
      loop.endStep(this);
      cancelInternal(pendingCancelMessage);
      loop.taskDone(this);
      return null;
    }
    t = loop.newTaskThread(new Body(this));
    thread = t;
    return t;
  }

  /** With {@link Continuations#ENABLED}: runs this task's next step on {@code driver}, the loop's thread. */
  void stepAsContinuation(Thread driver) {
    Object c = continuation;
    if (c == null) {
      if (mustCancel) {
        mustCancel = false;
        loop.endStep(this);
        cancelInternal(pendingCancelMessage);
        loop.taskDone(this);
        return;
      }
      c = Continuations.create(new Body(this));
      continuation = c;
    }
    thread = driver;
    Continuations.run(c);
  }

  /** Suspends this task, whose thread calls it, until {@code future}'s completion resumes it. */
  void suspendOn(AsyncFuture<?> future) {
    waitingOn = future;
    if (mustCancel && future.cancel(pendingCancelMessage)) {
      // cancelled while it ran (by itself, or by code it triggered): the request takes effect at this very await,
      // as CPython's Task.__step does with _must_cancel; the future's cancellation resumes the task next tick
      mustCancel = false;
    }
    try {
      suspend();
    } finally {
      waitingOn = null;
    }
  }

  /** Yields for exactly one tick: {@code sleep(0)}. */
  void yieldOnce() {
    loop.readyAppend(this);
    suspend();
  }

  private void suspend() {
    TaskEvents.suspends(this, waitingOn);
    loop.endStep(this);
    if (continuation != null) {
      Continuations.yieldNow(); // back to the loop's thread, which runs this again on resumption
    } else {
      // The interrupt status belongs to this task's code, not to the callbacks and waits of the loop that this
      // thread runs until the task resumes (a set status would make those waits spin): set it aside until then.
      interruptKept = Thread.interrupted();
      try {
        if (handBackIfEager()) {
          loop.awaitBaton(Thread.currentThread(), this); // resumed like any task, by whoever pops it off the queue
        } else {
          loop.drive(this, null);
        }
      } finally {
        if (interruptKept) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (mustCancel) {
      mustCancel = false;
      throw new CancelledError(pendingCancelMessage);
    }
  }

  /** This task's thread, running the loop while the task waits, was interrupted: the task gets it on resuming. */
  void keepInterrupt() {
    interruptKept = true;
  }

  /** Called at {@link EventLoop#close()} for a pending task: its thread's await throws and the thread ends. */
  void abandon() {
    Thread t = thread;
    if (t != null && continuation == null) {
      java.util.concurrent.locks.LockSupport.unpark(t);
    }
  }

  /** A task thread's body; a class rather than a method reference, which is slower to create cold. */
  private record Body(AsyncTask<?> task) implements Runnable {
    @Override
    public void run() {
      task.runBody();
    }
  }

  private void runBody() {
    T value = null;
    Throwable error = null;
    try {
      value = coroutine.call();
    } catch (Throwable e) {
      error = e;
    }
    if (loop.isClosedForTask()) {
      return; // abandoned at close: the loop's structures are gone
    }
    loop.endStep(this);
    complete(value, error);
    loop.taskDone(this);
    if (handBackIfEager()) {
      finishedEagerly = true;
      return; // finished in its eager first step: the creator goes on, this thread ends
    }
    if (continuation == null) {
      loop.drive(null, null); // this thread holds the baton: run the loop until it can hand it on
    }
  }

  private void complete(@Nullable T value, @Nullable Throwable error) {
    if (error instanceof CancelledError c) {
      mustCancel = false;
      cancelFrom(c);
    } else if (error != null) {
      // an exception wins over a cancellation requested but not delivered yet, as in asyncio's Task.__step
      mustCancel = false;
      finishExceptionally(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error);
    } else if (mustCancel) {
      // cancelled right before the body returned: asyncio cancels the task all the same
      mustCancel = false;
      cancelInternal(pendingCancelMessage);
    } else {
      finish(value);
    }
  }
}
