package dev.concurrency.async;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import dev.concurrency.async.internal.IoWaiter;
import dev.concurrency.async.internal.LoopSeams;
import dev.concurrency.async.internal.SchedulingPolicy;
import dev.concurrency.async.internal.Waiter;
import dev.concurrency.async.internal.Watchdog;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A single-threaded event loop that runs callbacks, timers and tasks one at a time, with asyncio's tick.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=eventLoop}
 *
 * <p><b>The tick.</b> Each iteration (asyncio's {@code _run_once}) takes the callbacks queued by other threads,
 * waits if nothing is ready (until the next timer, or until a thread-safe call arrives), moves the timers whose
 * deadline has passed to the ready queue, and then runs exactly the callbacks that were ready when the tick
 * began, in FIFO order; what they schedule runs in a later tick. Timers run in deadline order, ties in the
 * order they were scheduled (see {@link TimerHandle}).
 *
 * <p><b>Tasks and the baton.</b> A {@link AsyncTask} runs on its own virtual thread. Exactly one thread holds
 * the loop's <em>baton</em> at a time, and only that thread runs callbacks, task code or the loop's own logic.
 * Resuming a task hands it the baton; when the task awaits, its own thread goes on running the loop until the
 * next task resumption, which it hands over. Callbacks, and the resumption of the task that just yielded
 * (a {@code sleep(0)} with nothing else ready), therefore need no thread switch at all. The loop's "thread" in
 * the asyncio sense is this baton, not one Java thread.
 *
 * <p><b>Interrupts.</b> {@link Thread#interrupt()} of the thread that called {@link #runForever} or {@link
 * #runUntilComplete} plays Ctrl-C: the loop stops at the next tick boundary (the callbacks of the current tick
 * finish, no new tick begins) and the method throws a {@link CancelledError} caused by an {@link
 * InterruptedException}, asyncio's {@code KeyboardInterrupt}; nothing is cancelled, and the loop can run again.
 * {@link Runner} and {@link AsyncIO#run} first cancel their main task instead, as asyncio's do. An interrupt of a
 * task's own thread is that task's: the loop never acts on it, and the task's code finds its interrupt status
 * set again when its {@code await} returns. No thread spins while its status is set, and the status is always
 * set again before control returns to the code it belongs to.
 *
 * <p><b>Thread-safety.</b> Only {@link #callSoonThreadsafe}, {@link #isRunning()}, {@link #isClosed()}, {@link
 * #time()} and {@link #wrap(CompletionStage)} may be called from any thread. Every other method, and every
 * method of the futures, tasks and handles of this loop, is loop-confined: call it from a callback or task of
 * the loop while it runs, or from any single thread while it does not run. Scheduling calls from a foreign
 * thread while the loop runs fail with an {@link IllegalStateException} that names the thread-safe method to
 * use instead.
 *
 * <p><b>Memory consistency.</b> Actions of a thread before it passes the baton happen-before the actions of
 * the thread that receives it (see the package's "Memory consistency" section); actions of a thread before
 * {@code callSoonThreadsafe(r)} happen-before {@code r} runs.
 *
 * <p><b>Python:</b> {@code asyncio.AbstractEventLoop} / {@code BaseEventLoop}. Differences: {@link #time()} is
 * in nanoseconds; timer ties are FIFO; the loop keeps strong references to its tasks; scheduling calls from a
 * foreign thread are refused always, not only in debug mode (the check is one volatile read).
 */
public final class EventLoop implements AutoCloseable {

  /*
   * Why the baton is safe. The volatile field `owner` is the only hand-over point. A thread finishes its loop
   * work, writes `owner = next`, then unparks `next`; `next` goes on only after it reads `owner == itself`. So
   * at most one thread is past that read at any time, and everything written before a hand-over happens-before
   * everything read after it. No wakeup is lost (an unpark before the park leaves a permit) and spurious
   * wakeups re-check `owner`. A task whose body has returned keeps running the loop on its thread until it
   * hands the baton over, then its thread ends; the home thread of runForever gets the baton back only when
   * the loop stops, at the end of a tick.
   */

  private enum State {
    IDLE,
    RUNNING,
    CLOSED
  }

  static {
    LoopSeams.install(
        new LoopSeams.Access() {
          @Override
          public Builder withPolicy(Builder builder, SchedulingPolicy policy) {
            return builder.schedulingPolicy(policy);
          }

          @Override
          public SchedulingPolicy policyOf(EventLoop loop) {
            return loop.policy;
          }

          @Override
          public @Nullable Throwable peekException(AsyncFuture<?> future) {
            return future.peekException();
          }
        });
  }

  private final boolean debug;
  private final long slowCallbackNanos;
  private final @Nullable LoopProbe probe;
  private final SchedulingPolicy policy;

  // Loop-confined: read and written only by the thread that holds the baton (or any one thread when stopped).
  private final Ticks ticks;
  private final LiveTasks tasks = new LiveTasks();
  private final LoopInterrupts interrupts = new LoopInterrupts(this);
  // A task's thread is created by whichever thread holds the baton when the task first runs, not by the code
  // that created the task, so inheriting that thread's inheritable thread-locals would be arbitrary (and costs a
  // map copy per task): tasks do not inherit them.
  private final Thread.Builder.OfVirtual threads = Thread.ofVirtual().inheritInheritableThreadLocals(false);
  private final Set<AsyncFuture<?>> unretrieved = Collections.newSetFromMap(new IdentityHashMap<>());
  private ExceptionHandler exceptionHandler;
  private boolean stopping;
  private boolean tickedSinceStart;
  private long taskCounter;
  private @Nullable TaskFactory taskFactory;
  // the context of the callback that runs now: made from the handle's snapshot on first use
  private @Nullable Context callbackContext;
  private Map<ContextVar<?>, Object> callbackSnapshot = Handle.NO_VARIABLES;
  private @Nullable AsyncTask<?> current;
  private @Nullable Thread home;
  private long stepStartNanos;
  private @Nullable LoopMonitor monitor; // the JMX view, made on the first run (see EventLoopMXBean)

  // Shared with other threads.
  private volatile @Nullable Thread owner;
  private volatile State state = State.IDLE;

  private EventLoop(Builder builder) {
    Waiter waiter = builder.waiter;
    this.policy = builder.policy;
    this.ticks =
        new Ticks(builder.clock, waiter != null ? waiter : IoWaiter.attach(this, this::callSoon), policy, this::stop);
    this.debug = builder.debug;
    this.slowCallbackNanos = builder.slowCallbackDuration.toNanos();
    this.exceptionHandler = builder.exceptionHandler;
    this.probe =
        builder.blockedLoopLimit.isZero() ? null : new LoopProbe(this, builder.blockedLoopLimit, builder.onBlocked);
  }

  /**
   * A loop with the default configuration: system clock, debug off, watchdog on.
   *
   * @return a loop with the default configuration: system clock, debug off, watchdog on
   */
  public static EventLoop create() {
    return builder().build();
  }

  /**
   * A builder for a loop's configuration.
   *
   * @return a builder for a loop's configuration
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * The loop's current time in nanoseconds, from its clock (only differences are meaningful). Thread-safe.
   *
   * @return the loop's current time in nanoseconds, from its clock (only differences are meaningful)
   */
  public long time() {
    return ticks.now();
  }

  /**
   * Schedules {@code callback} to run in a later tick, after the callbacks already scheduled. Loop-confined.
   *
   * @param callback the code to run
   * @return the callback's handle, to cancel it
   * @throws IllegalStateException if called from another thread while the loop runs, or after {@link #close()}
   */
  public Handle callSoon(Runnable callback) {
    checkConfined("callSoon");
    Handle handle = new Handle(callback, schedulingSnapshot(), null);
    ticks.append(handle);
    return handle;
  }

  /**
   * Schedules {@code callback} like {@link #callSoon(Runnable)}, to run in {@code context} (not in a copy: what
   * it sets stays set there). Loop-confined.
   *
   * <p><b>Python:</b> {@code loop.call_soon(callback, context=context)}.
   *
   * @param callback the code to run
   * @param context the context to run it in
   * @return the callback's handle, to cancel it
   */
  public Handle callSoon(Runnable callback, Context context) {
    checkConfined("callSoon");
    Handle handle = new Handle(callback, Handle.NO_VARIABLES, requireNonNull(context, "context"));
    ticks.append(handle);
    return handle;
  }

  /**
   * Schedules {@code callback} to run once {@code delay} has passed on the loop's clock. A zero or negative
   * delay is a deadline that has already passed: the callback runs in the next tick, before timers with a later
   * deadline (so a more negative delay runs first), as in asyncio. Loop-confined.
   *
   * @param delay how long to wait, on the loop's clock
   * @param callback the code to run
   * @return the timer's handle, to cancel it
   */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    requireNonNull(delay, "delay");
    return callAt(deadlineAfter(delay), callback);
  }

  /** {@link #time()} plus {@code delay} in nanoseconds, saturated instead of overflowing for huge delays. */
  long deadlineAfter(Duration delay) {
    long nanos;
    try {
      nanos = delay.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = delay.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    long now = time();
    long when = now + nanos;
    // overflow: both operands have the same sign and the sum's sign differs
    if (((now ^ when) & (nanos ^ when)) < 0) {
      return nanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return when;
  }

  /**
   * Schedules {@code callback} to run at {@code when}, in the nanoseconds of {@link #time()}. Loop-confined.
   *
   * @param when the deadline, in the nanoseconds of {@link #time()}
   * @param callback the code to run
   * @return the timer's handle, to cancel it
   */
  public TimerHandle callAt(long when, Runnable callback) {
    checkConfined("callAt");
    return ticks.addTimer(this, when, callback, schedulingSnapshot());
  }

  /**
   * Schedules {@code callback} from any thread and wakes the loop. This is the only way for other threads to
   * reach the loop's objects.
   *
   * @param callback the code to run
   * @return the callback's handle, to cancel it
   * @throws IllegalStateException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    checkOpen();
    Handle handle = new Handle(callback, Context.currentSnapshot(), null);
    ticks.addThreadsafe(handle);
    return handle;
  }

  /**
   * A new pending future bound to this loop. Loop-confined.
   *
   * @param <T> the type of the result
   * @return a new pending future bound to this loop
   */
  public <T> AsyncFuture<T> createFuture() {
    return new AsyncFuture<>(this);
  }

  /**
   * Schedules {@code coroutine} as a new task named {@code Task-N}; see {@link #createTask(Coroutine, TaskOptions)}.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @return the new task
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine) {
    return createTask(coroutine, TaskOptions.defaults());
  }

  /**
   * Schedules a body without a result as a new task named {@code Task-N}; its result is {@code null}.
   *
   * @param body the body to run
   * @return the new task
   */
  public AsyncTask<Void> createTask(AsyncRunnable body) {
    return createTask(requireNonNull(body, "body").asCoroutine(), TaskOptions.defaults());
  }

  /**
   * Schedules {@code coroutine} as a new task with the given name (or {@code Task-N}). Loop-confined.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @param name the name
   * @return the new task
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, @Nullable String name) {
    return createTask(coroutine, name == null ? TaskOptions.defaults() : TaskOptions.defaults().withName(name));
  }

  /**
   * Creates a task running {@code coroutine}, through the {@linkplain #setTaskFactory task factory} if one is
   * set, else with {@link AsyncTask#create}: it runs in a copy of the current {@link Context} (or the options'
   * context), is named {@code Task-N} (or the options' name), and starts in a later tick, or at once up to its
   * first suspension if it starts eagerly. Loop-confined.
   *
   * <p><b>Python:</b> {@code loop.create_task(coro, name=..., context=..., eager_start=...)}.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @param options the task's name, context and start
   * @return the new task
   * @throws IllegalStateException if the loop is closed, or the factory returned a task of another loop
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, TaskOptions options) {
    checkConfined("createTask");
    requireNonNull(coroutine, "coroutine");
    requireNonNull(options, "options");
    TaskFactory factory = taskFactory;
    if (factory == null) {
      return AsyncTask.create(this, coroutine, options);
    }
    AsyncTask<T> task = factory.createTask(this, coroutine, options);
    if (task == null || task.getLoop() != this) {
      throw new IllegalStateException("the task factory " + factory + " must return a task of this loop, got " + task);
    }
    return task;
  }

  /**
   * Sets the factory that {@link #createTask} uses from now on; {@code null} restores the default ({@link
   * AsyncTask#create}). Loop-confined.
   *
   * <p><b>Python:</b> {@code loop.set_task_factory(factory)}; {@code TaskFactory.eager()} is {@code
   * asyncio.eager_task_factory}.
   *
   * @param factory the factory, or {@code null} for the default
   */
  public void setTaskFactory(@Nullable TaskFactory factory) {
    checkConfined("setTaskFactory");
    this.taskFactory = factory;
  }

  /**
   * The task factory, or {@code null} for the default. Python: {@code loop.get_task_factory()}.
   *
   * @return the task factory, or {@code null} for the default
   */
  public @Nullable TaskFactory getTaskFactory() {
    return taskFactory;
  }

  /**
   * A future of this loop that completes like {@code stage}, from whatever thread completes it. Cancellation goes
   * both ways, as in asyncio: a cancelled {@code stage} cancels the returned future, and cancelling the returned
   * future cancels {@code stage} if it is a {@link Future} (a {@link java.util.concurrent.CompletableFuture}
   * is). Thread-safe.
   *
   * <p><b>Python:</b> {@code asyncio.wrap_future}.
   *
   * @param <T> the type of the result
   * @param stage the stage to wrap
   * @return a future of this loop that completes like {@code stage}, from whatever thread completes it
   */
  public <T> AsyncFuture<T> wrap(CompletionStage<T> stage) {
    requireNonNull(stage, "stage");
    AsyncFuture<T> future = new AsyncFuture<>(this);
    stage.whenComplete(
        (value, error) -> {
          try {
            callSoonThreadsafe(() -> completeWrapped(future, value, error));
          } catch (IllegalStateException closed) {
            // the loop closed before the stage completed: nobody is left to tell
          }
        });
    if (stage instanceof Future<?> cancellable) {
      future.addDoneCallback(
          f -> {
            if (f.cancelled()) {
              cancellable.cancel(/* mayInterruptIfRunning= */ false);
            }
          });
    }
    return future;
  }

  private static <T> void completeWrapped(AsyncFuture<T> future, @Nullable T value, @Nullable Throwable error) {
    if (future.done()) {
      return;
    }
    if (error == null) {
      future.setResult(value);
      return;
    }
    Throwable cause = AsyncFuture.unwrapCompletion(error);
    if (cause instanceof CancellationException) {
      future.cancel(); // the source was cancelled: so is its wrapper (asyncio's _chain_future)
    } else {
      future.setException(cause);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Runs the loop until {@link #stop()} is called (the tick in which it is called completes first).
   *
   * <p>An interrupt of the calling thread, before the call or while the loop runs, stops the loop at the next
   * tick boundary (before its first tick, for one pending at the call): the method then throws and the thread's
   * interrupt status is set again. See the class description.
   *
   * @throws IllegalStateException if the loop is closed, already running, or another loop runs on this thread
   * @throws CancelledError caused by an {@link InterruptedException} if the calling thread was interrupted
   *     (asyncio's {@code KeyboardInterrupt}); the loop stopped, nothing was cancelled
   */
  public void runForever() {
    checkOpen();
    if (state == State.RUNNING) {
      throw new IllegalStateException("this event loop is already running");
    }
    if (RunningLoops.ofCurrentThread() != null) {
      throw new IllegalStateException(
          "cannot run an event loop while another loop is running on this thread; use a task of that loop");
    }
    Thread me = Thread.currentThread();
    home = me;
    owner = me;
    tickedSinceStart = false; // a loop stopped before it runs still runs one tick, as asyncio's does
    state = State.RUNNING;
    RunningLoops.add(this);
    if (monitor == null) {
      monitor = LoopMonitor.start(this);
    }
    if (monitor != null) {
      monitor.running(me);
    }
    if (probe != null) {
      Watchdog.shared().watch(probe);
    }
    interrupts.beginRun();
    boolean stopped = false;
    try {
      drive(null, me);
      stopped = true;
    } finally {
      if (probe != null) {
        Watchdog.shared().unwatch(probe);
      }
      stopping = false;
      RunningLoops.remove(this);
      owner = null;
      state = State.IDLE;
      CancelledError interrupted = interrupts.endRun(); // sets the interrupt status again if the loop took it
      if (interrupted != null && stopped) {
        throw interrupted;
      }
    }
  }

  /**
   * Makes the first interrupt of the home thread in the next runs cancel {@code main} instead of stopping the loop
   * (asyncio.Runner's SIGINT handler); {@code null} restores the bare loop's rule. For {@link Runner#run}.
   */
  void cancelOnInterrupt(@Nullable AsyncTask<?> main) {
    interrupts.mainTask(main);
  }

  /** Whether an interrupt of the last run cancelled the task given to {@link #cancelOnInterrupt}. */
  boolean interruptCancelledMain() {
    return interrupts.cancelledMain();
  }

  /** Queues {@code callback} from any thread, without a context: for the loop's own wake-ups. */
  void postThreadsafe(Runnable callback) {
    ticks.addThreadsafe(new Handle(callback));
  }

  /**
   * Runs the loop until {@code future} is done and returns its result.
   *
   * @param <T> the type of the result
   * @param future the future
   * @return the future's result
   * @throws CancelledError if the future was cancelled; or, caused by an {@link InterruptedException}, if the
   *     calling thread was interrupted (the loop stopped at the next tick boundary, the future was left as it was,
   *     and the interrupt status is set again: asyncio's {@code KeyboardInterrupt})
   * @throws IllegalStateException if the loop was stopped before the future completed
   * @throws RuntimeException the future's exception ({@link java.util.concurrent.CompletionException} around
   *     a checked one)
   */
  public <T> T runUntilComplete(AsyncFuture<T> future) {
    requireNonNull(future, "future");
    checkArgument(future.getLoop() == this, "the future belongs to another event loop");
    Consumer<AsyncFuture<T>> stopper = f -> stop();
    future.addDoneCallback(stopper);
    try {
      runForever();
    } finally {
      future.removeDoneCallback(stopper);
    }
    if (!future.done()) {
      throw new IllegalStateException("the event loop stopped before the future completed");
    }
    return future.result();
  }

  /**
   * Stops the loop after the current tick; a later {@code runForever} continues where it stopped. Called while
   * the loop does not run, it makes the next {@code runForever} run exactly one tick and return.
   */
  public void stop() {
    stopping = true;
  }

  /**
   * Whether the loop is running. Thread-safe.
   *
   * @return whether the loop is running
   */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * Whether the loop is closed. Thread-safe.
   *
   * @return whether the loop is closed
   */
  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * Whether debug mode is on (slow-callback reports, foreign-thread checks on futures).
   *
   * @return whether debug mode is on (slow-callback reports, foreign-thread checks on futures)
   */
  public boolean isDebug() {
    return debug;
  }

  /**
   * Closes the loop: reports failed futures whose exception nobody retrieved and tasks still pending, drops the
   * queued callbacks and releases the threads of pending tasks (their {@code await} throws {@link
   * CancelledError}). Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    if (state == State.RUNNING) {
      throw new IllegalStateException("cannot close a running event loop; stop it first");
    }
    if (state == State.CLOSED) {
      return;
    }
    for (AsyncFuture<?> f : List.copyOf(unretrieved)) {
      callExceptionHandler(
          new ErrorContext(f instanceof AsyncTask ? "Task exception was never retrieved"
              : "Future exception was never retrieved", f.peekException(), f, null));
    }
    unretrieved.clear();
    List<AsyncTask<?>> pending = tasks.snapshot();
    for (AsyncTask<?> t : pending) {
      callExceptionHandler(new ErrorContext("Task was destroyed but it is pending", null, t, null));
    }
    state = State.CLOSED;
    if (monitor != null) {
      monitor.close();
    }
    for (AsyncTask<?> t : pending) {
      t.abandon();
    }
    tasks.clear();
    ticks.clear();
  }

  // ---------------------------------------------------------------- errors

  /**
   * Replaces the exception handler; {@code null} restores the default (which logs). Loop-confined.
   *
   * @param handler the handler, or {@code null} for the default
   */
  public void setExceptionHandler(@Nullable ExceptionHandler handler) {
    this.exceptionHandler = handler != null ? handler : LoopDiagnostics.DefaultHandler.INSTANCE;
  }

  /**
   * The current exception handler.
   *
   * @return the current exception handler
   */
  public ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Calls the exception handler; if it throws, logs both. Loop-confined.
   *
   * @param context the context to run it in
   */
  public void callExceptionHandler(ErrorContext context) {
    try {
      exceptionHandler.handle(this, context);
    } catch (RuntimeException | Error e) {
      LoopDiagnostics.log().log(System.Logger.Level.ERROR, "the exception handler failed on: " + context, e);
    }
  }

  /**
   * The default handler: logs the context at {@code ERROR} through {@link System.Logger}.
   *
   * @param loop the event loop
   * @param context the context to run it in
   */
  public static void defaultExceptionHandler(EventLoop loop, ErrorContext context) {
    LoopDiagnostics.log().log(System.Logger.Level.ERROR, context.toString(), context.exception());
  }

  // ---------------------------------------------------------------- package-private: futures and tasks

  /** The loop running on the calling thread (the thread holds its baton), or {@code null}. */
  static @Nullable EventLoop running() {
    return RunningLoops.ofCurrentThread();
  }

  /**
   * The loop running on the calling thread, for the facade's {@code what()}.
   *
   * @throws IllegalStateException if no loop runs on this thread, saying how to get one
   */
  static EventLoop requireRunning(String what) {
    EventLoop loop = running();
    if (loop == null) {
      throw new IllegalStateException(
          what + "() needs a running event loop: call it from a task or callback inside AsyncIO.run(...)");
    }
    loop.checkConfined(what);
    return loop;
  }

  @Nullable Thread owner() {
    return owner;
  }

  long nextTaskNumber() {
    return ++taskCounter;
  }

  void register(AsyncTask<?> task) {
    tasks.add(task);
    TaskEvents.created(task);
  }

  /** The variables to give a callback or task scheduled now: the current context's (no allocation). */
  Map<ContextVar<?>, Object> schedulingSnapshot() {
    return state == State.RUNNING && owner == Thread.currentThread() ? currentContextSnapshot()
        : Context.currentSnapshot();
  }

  /** The current context of the code holding the baton: the running task's, or the running callback's. */
  Context currentContext() {
    AsyncTask<?> task = current;
    if (task != null) {
      return task.context();
    }
    Context c = callbackContext;
    if (c == null) {
      c = new Context(callbackSnapshot);
      callbackContext = c;
    }
    return c;
  }

  Map<ContextVar<?>, Object> currentContextSnapshot() {
    AsyncTask<?> task = current;
    if (task != null) {
      return task.contextSnapshot();
    }
    Context c = callbackContext;
    return c != null ? c.snapshot() : callbackSnapshot;
  }

  /** Makes {@code next} the current context of the code holding the baton; returns the previous one. */
  Context swapContext(Context next) {
    AsyncTask<?> task = current;
    if (task != null) {
      return task.swapContext(next);
    }
    Context previous = currentContext();
    callbackContext = next;
    return previous;
  }

  Thread newTaskThread(Runnable body) {
    return threads.unstarted(body);
  }

  @Nullable AsyncTask<?> current() {
    return current;
  }

  int taskCount() {
    return tasks.size();
  }

  int readyCount() {
    return ticks.readyCount();
  }

  int timerCount() {
    return ticks.timerCount();
  }

  @Nullable LoopMonitor monitor() {
    return monitor;
  }

  /** The tasks not done yet, in creation order (a snapshot). */
  List<AsyncTask<?>> tasks() {
    return tasks.snapshot();
  }

  void readyAppend(Object item) {
    ticks.append(item);
  }

  void timerCancelled() {
    ticks.timerCancelled();
  }

  int cancelledTimersHeld() {
    return ticks.cancelledTimersHeld();
  }

  void taskDone(AsyncTask<?> task) {
    tasks.remove(task);
    policy.taskDone(task);
    TaskEvents.done(task);
  }

  void unretrieved(AsyncFuture<?> future, boolean pending) {
    if (pending) {
      unretrieved.add(future);
    } else if (!unretrieved.isEmpty()) {
      unretrieved.remove(future);
    }
  }

  void checkConfined(String what) {
    State s = state;
    if (s == State.RUNNING && owner != Thread.currentThread()) {
      throw new IllegalStateException(
          what + "() called from thread '" + Thread.currentThread().getName() + "', which does not hold this"
              + " running event loop; from other threads use callSoonThreadsafe(...)");
    }
    if (s == State.CLOSED) {
      throw new IllegalStateException(what + "() called on a closed event loop");
    }
  }

  void checkConfinedInDebug(String what) {
    if (debug) {
      checkConfined(what);
    }
  }

  /**
   * Stops a {@linkplain VirtualClock#autoAdvancing() virtual clock} from jumping while work outside the loop
   * (a thread the loop waits for, such as a {@code toThread} bridge) is under way: that work reports back
   * through {@link #callSoonThreadsafe}, and jumping the clock before it does would reorder it against the
   * timers. Balance each call with {@link #releaseClock()}, from the loop. Loop-confined.
   */
  void holdClock() {
    ticks.holdClock();
  }

  /** Ends one {@link #holdClock()}. Loop-confined. */
  void releaseClock() {
    ticks.releaseClock();
  }

  /**
   * Announces a callback that another thread will hand back (a thread job's outcome): the clock is held as by
   * {@link #holdClock()} until the arrival is closed, and the loop's scheduling policy picks the tick it arrives
   * in. Loop-confined.
   */
  ExpectedArrival expectArrival(String what) {
    checkConfined("expectArrival");
    return new ExpectedArrival(this, ticks.expectArrival(what));
  }

  /** Hands an expected arrival's callback over, from any thread, as {@link #callSoonThreadsafe} would. */
  void arrive(SchedulingPolicy.Arrival arrival, Runnable callback) {
    checkOpen();
    arrival.arrive(new Handle(callback, Context.currentSnapshot(), null));
  }

  boolean isClosedForTask() {
    return state == State.CLOSED;
  }

  /**
   * Runs the loop on the calling thread, which holds the baton, until the baton must go elsewhere.
   *
   * <p>{@code self} is the task whose thread calls this while it awaits ({@code null} for the home thread of
   * {@link #runForever} and for the thread of a task that has finished). The method returns when {@code self}
   * is resumed (the baton came back to it), or, for the home thread, when the loop stops. A finished task's
   * thread returns as soon as it has handed the baton on, and then ends.
   */
  void drive(@Nullable AsyncTask<?> self, @Nullable Thread homeThread) {
    Thread me = Thread.currentThread();
    for (;;) {
      if (ticks.tickDone()) {
        if (Thread.interrupted()) {
          tookInterrupt(me, self, homeThread);
        }
        if (stopping && (tickedSinceStart || interrupts.stopRequested())) {
          if (me == homeThread) {
            return;
          }
          Thread h = requireNonNull(home);
          pass(h);
          if (self != null) {
            awaitBaton(me, self);
          }
          return;
        }
        ticks.beginTick(stopping);
        tickedSinceStart = true;
        continue;
      }
      Object item = ticks.next();
      if (item instanceof AsyncTask<?> task) {
        if (task == self) {
          beginStep(task);
          return;
        }
        if (task.done()) {
          continue;
        }
        beginStep(task);
        if (Continuations.ENABLED) {
          task.stepAsContinuation(me); // runs the task on this thread until it awaits or ends
          continue;
        }
        Thread target = task.threadForStep();
        if (target == null) {
          continue; // cancelled before it started: completed without a thread
        }
        pass(target);
        if (self != null || me == homeThread) {
          awaitBaton(me, self);
        }
        return;
      }
      runHandle((Handle) item);
    }
  }

  /** Hands the baton to {@code target}: the volatile write publishes everything this thread did. */
  void pass(Thread target) {
    owner = target;
    if (target.getState() != Thread.State.NEW) {
      LockSupport.unpark(target);
    } else {
      target.start();
    }
  }

  /**
   * This thread found its interrupt status set at a tick boundary and cleared it, since a set status makes the
   * idle wait return at once, forever. The home thread's interrupt is acted on (see {@link LoopInterrupts}); a
   * task's is kept for the task's code, which gets it back when it resumes; the thread of a finished task is
   * about to end, and its status belongs to no code any more.
   */
  private void tookInterrupt(Thread me, @Nullable AsyncTask<?> self, @Nullable Thread homeThread) {
    if (me == homeThread) {
      interrupts.takenWithBaton();
    } else if (self != null) {
      self.keepInterrupt();
    }
  }

  /**
   * Parks until the baton comes back to this thread; the volatile read pairs with {@link #pass}'s write. A set
   * interrupt status would make the park return at once, so it is cleared while the thread waits: the home
   * thread's is acted on by the baton's holder (see {@link LoopInterrupts}), any other thread's is set again
   * when this returns or throws.
   *
   * <p>Why the first park is on its own, with nothing but a call after it: this frame stays on the stack of a
   * parked virtual thread until the baton comes back, which can be long after the JIT compiled it. When many
   * tasks park before any resumes (100,000 timers started in one go), the compiler only ever saw the "no
   * baton yet" side of a check made after the park, prunes the other side, and every one of those frames
   * then deoptimizes on its own when it resumes: 100,000 deoptimizations, seconds of stall (measured with
   * JFR's {@code jdk.Deoptimization}, issue 15). A call is not speculated on, so the frames resume into
   * {@link #afterPark}, whose code was compiled, if at all, from profiles of threads that did resume.
   */
  void awaitBaton(Thread me, @Nullable AsyncTask<?> self) {
    if (owner != me) {
      checkNotClosedFor(self);
      LockSupport.park(this);
      afterPark(me, self);
    }
  }

  /** Takes a park's interrupt, then parks again until this thread holds the baton (a spurious wake-up). */
  private void afterPark(Thread me, @Nullable AsyncTask<?> self) {
    boolean kept = false;
    try {
      kept = tookInterruptWhileParked(me);
      while (owner != me) {
        checkNotClosedFor(self);
        LockSupport.park(this);
        kept |= tookInterruptWhileParked(me);
      }
    } finally {
      if (kept) {
        me.interrupt();
      }
    }
  }

  /** A task must not park on a closed loop: nobody would pass it the baton again. */
  private void checkNotClosedFor(@Nullable AsyncTask<?> self) {
    if (self != null && state == State.CLOSED) {
      throw new CancelledError("the event loop was closed while " + self.getName() + " was pending");
    }
  }

  /** Clears an interrupt that woke the park; true if it must be set again on this (task) thread afterwards. */
  private boolean tookInterruptWhileParked(Thread me) {
    if (!Thread.interrupted()) {
      return false;
    }
    if (me == home) {
      interrupts.takenWithoutBaton();
      return false;
    }
    return true;
  }

  void beginStep(AsyncTask<?> task) {
    current = task;
    policy.stepStarting(task);
    TaskEvents.stepBegins(task);
    if (probe != null) {
      probe.step();
    }
    if (debug) {
      stepStartNanos = System.nanoTime();
    }
  }

  /** Makes {@code task} current again after an eager step it started has ended ({@code null}: a callback). */
  void resumeStep(@Nullable AsyncTask<?> task) {
    current = task;
  }

  /** Called by a task's thread when its step ends (it awaits or finishes). */
  void endStep(AsyncTask<?> task) {
    current = null;
    policy.stepEnded(task);
    TaskEvents.stepEnds(task);
    if (debug) {
      reportIfSlow(task, null);
    }
  }

  private void runHandle(Handle handle) {
    if (handle.cancelled()) {
      return;
    }
    if (probe != null) {
      probe.step();
    }
    long start = debug ? System.nanoTime() : 0L;
    TaskEvents.SlowCallback slow = TaskEvents.callbackBegins();
    // Kept small on purpose, the failure path and the finally's second copy moved out: the JIT inlines this into
    // drive(), the loop's hot loop, only while it stays small. At 182 bytes of bytecode it was compiled on its
    // own ("already compiled into a big method"), and a chain of callbacks ran 13-15 % slower (issue 15).
    callbackContext = handle.context();
    callbackSnapshot = handle.contextSnapshot();
    policy.callbackStarting(handle, handle.callback());
    try {
      handle.callback().run();
    } catch (Throwable e) {
      callbackFailed(handle, e);
    }
    leaveCallbackContext();
    TaskEvents.callbackEnds(slow, handle);
    if (debug) {
      stepStartNanos = start;
      reportIfSlow(null, handle);
    }
  }

  /** Hands a callback's exception to the exception handler, still in the callback's context (as before). */
  private void callbackFailed(Handle handle, Throwable e) {
    try {
      callExceptionHandler(new ErrorContext("Exception in callback " + handle.callback(), e, null, handle));
    } finally {
      leaveCallbackContext(); // even if the handler throws, no later code runs in the callback's context
    }
  }

  private void leaveCallbackContext() {
    callbackContext = null;
    callbackSnapshot = Handle.NO_VARIABLES;
  }

  private void reportIfSlow(@Nullable AsyncTask<?> task, @Nullable Handle handle) {
    long took = System.nanoTime() - stepStartNanos;
    if (took >= slowCallbackNanos) {
      String what = task != null ? task.toString() : String.valueOf(handle);
      // a task's step ends on its own thread, at the await (or return) that ended it: show where that is
      String where = task != null ? LoopDiagnostics.stepEnd(Thread.currentThread().getStackTrace()) : "";
      callExceptionHandler(
          new ErrorContext(
              String.format("Executing %s took %.3f seconds%s", what, took / 1e9, where), null, task, handle));
    }
  }

  private void checkOpen() {
    if (state == State.CLOSED) {
      throw new IllegalStateException("the event loop is closed");
    }
  }

  @Nullable Thread busyThread() {
    return state == State.RUNNING && !ticks.idle() ? owner : null;
  }

  @Override
  public String toString() {
    return "EventLoop[" + state.name().toLowerCase(java.util.Locale.ROOT) + (debug ? " debug" : "") + "]";
  }

  /**
   * The configuration of an {@link EventLoop}; defaults: system clock, debug off, slow-callback threshold 100 ms,
   * watchdog limit 2 s reporting through {@link System.Logger}, the logging exception handler. Debug mode and the
   * watchdog's limit can be switched without code, by a system property or an environment variable (see
   * {@link LoopSettings}: {@code -Ddev.concurrency.async.debug=true}, {@code DEV_CONCURRENCY_ASYNC_DEBUG=1},
   * {@code -Ddev.concurrency.async.blockedLoopLimit=500ms}); they are read when the builder is created.
   *
   * <p>Not thread-safe; build on one thread.
   */
  public static final class Builder {

    private Ticker clock = Ticker.systemTicker();
    private boolean debug;
    private Duration slowCallbackDuration = Duration.ofMillis(100);
    private Duration blockedLoopLimit;
    private Consumer<BlockedLoop> onBlocked = LoopDiagnostics.LoggingReporter.INSTANCE;
    private ExceptionHandler exceptionHandler = LoopDiagnostics.DefaultHandler.INSTANCE;
    private @Nullable Waiter waiter; // null: a fresh IoWaiter per loop (parks until a stream needs a selector)
    private SchedulingPolicy policy = SchedulingPolicy.ASYNCIO;

    private Builder() {
      LoopSettings settings = LoopSettings.current(); // fails here, naming the setting, on a value it cannot take
      this.debug = settings.debug();
      this.blockedLoopLimit = settings.blockedLoopLimit();
    }

    /**
     * The loop's idle wait (package-private: the seam for a selector-based waiter that serves I/O). The waiter
     * belongs to the one loop built with it.
     */
    Builder waiter(Waiter waiter) {
      this.waiter = requireNonNull(waiter, "waiter");
      return this;
    }

    /**
     * What the loop does where asyncio leaves a choice open (package-private: the seam a simulated run uses,
     * through {@link LoopSeams}). The policy belongs to the one loop built with it.
     */
    Builder schedulingPolicy(SchedulingPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The clock the loop reads; a {@link VirtualClock} for tests.
     *
     * @param clock the clock
     * @return the clock the loop reads; a {@link VirtualClock} for tests
     */
    public Builder clock(Ticker clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Debug mode: reports slow callbacks and task steps, checks futures' threads. Python: {@code debug=True}.
     *
     * @param debug whether debug mode is on
     * @return this builder
     */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * In debug mode, the duration over which a callback or step is reported as slow.
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder slowCallbackDuration(Duration threshold) {
      requireNonNull(threshold, "threshold");
      checkArgument(!threshold.isNegative(), "slowCallbackDuration must be >= 0, got %s", threshold);
      this.slowCallbackDuration = threshold;
      return this;
    }

    /**
     * How long one callback or task step may hold the loop before the watchdog reports it; {@link
     * Duration#ZERO} turns the watchdog off.
     *
     * @param limit the most frames to print, or {@code null} for all
     * @return how long one callback or task step may hold the loop before the watchdog reports it; {@link
     *     Duration#ZERO} turns the watchdog off
     */
    public Builder blockedLoopLimit(Duration limit) {
      requireNonNull(limit, "limit");
      checkArgument(!limit.isNegative(), "blockedLoopLimit must be >= 0, got %s", limit);
      this.blockedLoopLimit = limit;
      return this;
    }

    /**
     * Receives the watchdog's reports, on the watchdog's thread.
     *
     * @param onBlocked receives the reports
     * @return this builder
     */
    public Builder onBlocked(Consumer<BlockedLoop> onBlocked) {
      this.onBlocked = requireNonNull(onBlocked, "onBlocked");
      return this;
    }

    /**
     * The loop's initial exception handler.
     *
     * @param handler the handler, or {@code null} for the default
     * @return the loop's initial exception handler
     */
    public Builder exceptionHandler(ExceptionHandler handler) {
      this.exceptionHandler = requireNonNull(handler, "handler");
      return this;
    }

    /**
     * A new loop with this configuration.
     *
     * @return a new loop with this configuration
     */
    public EventLoop build() {
      return new EventLoop(this);
    }
  }
}
