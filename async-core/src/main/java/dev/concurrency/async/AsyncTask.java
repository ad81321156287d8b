package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine scheduled on an {@link EventLoop}: straight-line code on its own virtual thread that runs only
 * while it holds the loop's baton, and whose outcome is this future's.
 *
 * <pre>{@code
 * AsyncTask<String> fetch = createTask(() -> {
 *   sleep(Duration.ofSeconds(1));        // suspends this task; others run meanwhile
 *   return "data";
 * });
 * String data = fetch.await();
 * }</pre>
 *
 * <p><b>Scheduling.</b> A new task starts in a later tick. It runs until it awaits something not yet done
 * ({@link AsyncFuture#await()}, {@link AsyncIO#sleep}, ...), which suspends it and lets the loop go on; when
 * the awaited future completes, the task is scheduled to resume. Exactly one task or callback runs at a time,
 * so code between two awaits runs without interleaving, as in asyncio.
 *
 * <p><b>Cancellation.</b> {@link #cancel(String)} is a request: if the task is waiting on a future, that future
 * is cancelled, which resumes the task with {@link CancelledError}; otherwise the error is thrown at the task's
 * next await. A task cancelled before it started never runs. The task ends cancelled if {@link CancelledError}
 * escapes its body; the body may catch it to clean up, and should rethrow it. {@link #cancelling()} counts the
 * pending requests and {@link #uncancel()} withdraws one, which is how {@link Timeout} and {@link TaskGroup}
 * tell their own cancellations from outside ones. A task is never interrupted with {@link
 * Thread#interrupt()}.
 *
 * <p><b>Thread-safety.</b> Loop-confined, like every {@link AsyncFuture}. {@link #setResult} and {@link
 * #setException} are not supported: a task completes by returning or throwing.
 *
 * <p><b>Memory consistency.</b> Actions of the code that created a task happen-before its body starts;
 * actions of the body happen-before an {@code await} of the task returns.
 *
 * <p><b>Python:</b> {@code asyncio.Task}. Differences: the task runs on a virtual thread, not as a generator
 * driven by {@code send}; {@code get_coro} and {@code print_stack} have no counterpart, {@link #getStack()}
 * shows where a suspended task waits. Python copies the creator's {@code contextvars} into a new task; a
 * task's thread here inherits no {@link InheritableThreadLocal} values (it is created by whichever thread holds
 * the baton when the task first runs, so what it would inherit would be arbitrary).
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
  private boolean mustCancel;
  private @Nullable String pendingCancelMessage;
  private int cancelRequests;
  // the loop's list of live tasks (LiveTasks)
  @Nullable AsyncTask<?> prevLive;
  @Nullable AsyncTask<?> nextLive;
  boolean live;

  AsyncTask(EventLoop loop, Coroutine<T> coroutine, @Nullable String name, long number) {
    super(loop);
    this.coroutine = coroutine;
    this.name = name;
    this.number = number;
  }

  /** The task's name ({@code Task-N} unless one was given). */
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

  /** Renames the task. */
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

  /** The number of cancellation requests not yet withdrawn by {@link #uncancel()}. */
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

  /** Where the task is suspended (its thread's stack), or an empty array if it is not suspended on a thread. */
  public StackTraceElement[] getStack() {
    Thread t = thread;
    return t != null && continuation == null && !done() && loop.current() != this ? t.getStackTrace()
        : new StackTraceElement[0];
  }

  @Override
  public String toString() {
    return describe("Task '" + getName() + "'");
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
    loop.endStep(this);
    if (continuation != null) {
      Continuations.yieldNow(); // back to the loop's thread, which runs this again on resumption
    } else {
      loop.drive(this, null);
    }
    if (mustCancel) {
      mustCancel = false;
      throw new CancelledError(pendingCancelMessage);
    }
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
    if (continuation == null) {
      loop.drive(null, null); // this thread holds the baton: run the loop until it can hand it on
    }
  }

  private void complete(@Nullable T value, @Nullable Throwable error) {
    if (error instanceof CancelledError c) {
      mustCancel = false;
      cancelFrom(c);
    } else if (mustCancel) {
      // cancelled right before the body returned: asyncio cancels the task all the same
      mustCancel = false;
      cancelInternal(pendingCancelMessage);
    } else if (error != null) {
      finishExceptionally(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error);
    } else {
      finish(value);
    }
  }
}
