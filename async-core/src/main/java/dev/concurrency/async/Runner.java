package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs several coroutines, one after another, on one event loop that it creates on first use and closes at the
 * end: {@link AsyncIO#run} for more than one call.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=runner}
 *
 * <p><b>Semantics (Python's {@code asyncio.Runner}).</b> The loop is made lazily, by the first {@link #run} or
 * {@link #getLoop()}, from the loop factory (default: {@link EventLoop#create()}). Each {@code run} wraps the
 * coroutine in a task, runs the loop until that task is done, and returns its result or throws its failure; the
 * loop then stops, with other tasks still pending in it, until the next {@code run}. Every task created by
 * {@code run} shares the runner's {@link Context}, a copy of the context current when the runner started, so a
 * variable set in one run is seen by the next (as in asyncio). {@link #close()} cancels the tasks still pending,
 * waits for them, reports those that fail on the way out to the exception handler, and closes the loop. It is
 * idempotent; {@code run} and {@code getLoop} after it throw {@link IllegalStateException}.
 *
 * <p><b>Interrupts: asyncio's Ctrl-C.</b> {@link Thread#interrupt()} of the thread in {@code run} plays SIGINT, as
 * {@code asyncio.Runner} handles it: the first interrupt cancels the main task, which may clean up; if it ends
 * cancelled by that request alone ({@code uncancel()} leaves none), {@code run} throws a {@link CancelledError}
 * caused by an {@link InterruptedException}, the analogue of {@code KeyboardInterrupt} (the task's own
 * cancellation is suppressed in it). If the main task handles the cancellation and returns, {@code run} returns
 * its result; if something else cancelled it too, {@code run} throws its plain {@code CancelledError}. A second
 * interrupt during the same run stops the loop at the next tick boundary, with the main task still pending, and
 * {@code run} throws the {@code KeyboardInterrupt} analogue at once. However the run ends, the thread's interrupt
 * status is set again: an interrupt is never lost. {@link #close()} sets a pending interrupt aside, so that the
 * tasks it cancels can clean up, and sets it again when it returns; an interrupt while it waits for them stops
 * the wait, as in asyncio: the loop closes at once (the tasks still pending are reported to the exception handler
 * and released) and {@code close} throws the {@code KeyboardInterrupt} analogue.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: use a runner from one thread, and not from inside a running loop
 * ({@code run} refuses). Memory consistency: actions before {@code run} happen-before the coroutine starts;
 * the coroutine's actions happen-before {@code run} returns.
 *
 * <p><b>Python:</b> {@code asyncio.Runner(debug=None, loop_factory=None)}. Differences: {@link Thread#interrupt()}
 * plays SIGINT (a Java program's Ctrl-C runs shutdown hooks, which may interrupt the thread in {@code run}); an
 * interrupt that reaches the loop after the main task finished does not turn the run into a {@code
 * KeyboardInterrupt} (asyncio's handler runs at once and can race with the end of the run: here only the status
 * is set again); {@code debug} is a setting of the loop factory's {@link EventLoop.Builder}; there are no async
 * generators or default executor to shut down.
 */
public final class Runner implements AutoCloseable {

  private enum State {
    CREATED,
    INITIALIZED,
    CLOSED
  }

  private final Supplier<? extends EventLoop> loopFactory;
  private State state = State.CREATED;
  private @Nullable EventLoop loop;
  private @Nullable Context context;

  /** A runner whose loop is {@link EventLoop#create()}. */
  public Runner() {
    this(EventLoop::create);
  }

  /**
   * A runner whose loop is built from {@code loopConfig} (a virtual clock, debug mode, ...).
   *
   * @param loopConfig the configuration of the loop to build
   */
  public Runner(EventLoop.Builder loopConfig) {
    this(requireNonNull(loopConfig, "loopConfig")::build);
  }

  /**
   * A runner whose loop comes from {@code loopFactory}, called once, on first use; it must return a new loop
   * that is neither running nor closed. Python: {@code Runner(loop_factory=...)}.
   *
   * @param loopFactory makes the loop; called once
   */
  public Runner(Supplier<? extends EventLoop> loopFactory) {
    this.loopFactory = requireNonNull(loopFactory, "loopFactory");
  }

  /**
   * Runs {@code coroutine} as a task on the runner's loop until it is done.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @return what the coroutine returned
   * @throws IllegalStateException if the runner is closed, or an event loop is running on this thread
   * @throws CancelledError if the task was cancelled; caused by an {@link InterruptedException} if the calling
   *     thread was interrupted (see the class description)
   * @throws RuntimeException what the coroutine threw (a checked exception in {@link
   *     java.util.concurrent.CompletionException})
   */
  public <T extends @Nullable Object> T run(Coroutine<T> coroutine) {
    return run(coroutine, null);
  }

  /**
   * Awaits {@code future} in a task on the runner's loop and returns its result; any other {@link Awaitable}
   * runs as {@code runner.run(awaitable::await)}.
   *
   * <p><b>Python:</b> {@code runner.run(awaitable)} (3.14 accepts any awaitable, not only a coroutine).
   *
   * @param <T> the type of the result
   * @param future the future
   * @return the future's result
   * @throws IllegalStateException if the runner is closed, or the future belongs to another loop
   */
  public <T extends @Nullable Object> T run(AsyncFuture<T> future) {
    requireNonNull(future, "future");
    return run(future::await, null);
  }

  /**
   * Runs a body without a result; see {@link #run(Coroutine)}.
   *
   * @param body the body to run
   */
  public void run(AsyncRunnable body) {
    run(requireNonNull(body, "body").asCoroutine(), null);
  }

  /**
   * Runs {@code coroutine} like {@link #run(Coroutine)}, in {@code taskContext} ({@code null}: the runner's
   * context). Python: {@code runner.run(coro, context=...)}.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @param taskContext the context the task runs in
   * @return what the coroutine returned
   */
  public <T extends @Nullable Object> T run(Coroutine<T> coroutine, @Nullable Context taskContext) {
    requireNonNull(coroutine, "coroutine");
    if (EventLoop.running() != null) {
      throw new IllegalStateException(
          "Runner.run() cannot be called from a running event loop; inside a task, await the coroutine or"
              + " createTask() it");
    }
    EventLoop l = lazyInit();
    Context c = taskContext != null ? taskContext : requireNonNull(context);
    AsyncTask<T> task = l.createTask(coroutine, TaskOptions.defaults().withName("main").withContext(c));
    l.cancelOnInterrupt(task);
    try {
      return l.runUntilComplete(task);
    } catch (CancelledError e) {
      // asyncio.Runner.run: a main task cancelled by the interrupt, and by nothing else, is a KeyboardInterrupt
      if (!LoopInterrupts.isKeyboardInterrupt(e) && l.interruptCancelledMain() && task.cancelled()
          && task.uncancel() == 0) {
        CancelledError interrupted = LoopInterrupts.keyboardInterrupt("the main task was cancelled");
        interrupted.addSuppressed(e);
        throw interrupted;
      }
      throw e;
    } finally {
      l.cancelOnInterrupt(null);
    }
  }

  /**
   * The runner's loop, created now if no {@code run} made it yet.
   *
   * @return the runner's loop, created now if no {@code run} made it yet
   * @throws IllegalStateException if the runner is closed
   */
  public EventLoop getLoop() {
    return lazyInit();
  }

  /**
   * Cancels the tasks still pending on the loop, runs the loop until they are done (reporting those that fail
   * on the way out to the exception handler), and closes it. Does nothing if the runner never made its loop or
   * is closed already. An interrupt pending at the call does not cut this short (it is set again at the end); one
   * that arrives while it waits closes the loop at once, as described in the class documentation.
   *
   * @throws CancelledError caused by an {@link InterruptedException} if the calling thread was interrupted while
   *     the cancelled tasks cleaned up; the loop is closed all the same
   */
  @Override
  public void close() {
    if (state != State.INITIALIZED) {
      state = State.CLOSED;
      return;
    }
    EventLoop l = requireNonNull(loop);
    // An interrupt that is already pending (often the one that ended the last run) must not cut the clean-up
    // short: it is set aside, and set again when close returns.
    boolean interrupted = Thread.interrupted();
    try {
      cancelAllTasks(l);
    } finally {
      l.close();
      loop = null;
      state = State.CLOSED;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private EventLoop lazyInit() {
    if (state == State.CLOSED) {
      throw new IllegalStateException("the Runner is closed");
    }
    EventLoop l = loop;
    if (l == null) {
      l = requireNonNull(loopFactory.get(), "the loop factory returned null");
      if (l.isClosed() || l.isRunning()) {
        throw new IllegalStateException("the loop factory must return a new loop, got " + l);
      }
      loop = l;
      context = AsyncIO.copyContext();
      state = State.INITIALIZED;
    }
    return l;
  }

  /** asyncio.runners._cancel_all_tasks: cancel, wait for all, report the ones that failed on the way out. */
  static void cancelAllTasks(EventLoop loop) {
    List<AsyncTask<?>> leftovers = loop.tasks();
    if (leftovers.isEmpty()) {
      return;
    }
    for (AsyncTask<?> t : leftovers) {
      t.cancel();
    }
    loop.runUntilComplete(GatheringFuture.of(loop, leftovers, /* returnExceptions= */ true));
    for (AsyncTask<?> t : leftovers) {
      if (!t.cancelled() && t.exception() != null) {
        loop.callExceptionHandler(
            new ErrorContext("unhandled exception during run() shutdown", t.exception(), t, null));
      }
    }
  }

  @Override
  public String toString() {
    return "Runner[" + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
