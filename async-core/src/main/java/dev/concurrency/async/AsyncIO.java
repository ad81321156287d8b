package dev.concurrency.async;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code asyncio} module in Java: run a main coroutine, sleep, create and combine tasks, with straight-line
 * code.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=asyncio}
 *
 * <p><b>Two kinds of functions.</b> What is a coroutine function in Python, awaited on the spot ({@code await
 * asyncio.sleep(1)}, {@code await asyncio.wait_for(...)}), is a method here that suspends the calling task
 * and returns the result: {@link #sleep}, {@link #waitFor}, {@link #waitUntil}, {@link #taskGroup}. What
 * returns a future in Python ({@code create_task}, {@code gather}, {@code shield}) returns an {@link
 * AsyncFuture} here, which you {@link AsyncFuture#await()} when you want its result. Suspending methods must be
 * called from a task; anywhere else they throw {@link IllegalStateException} saying so.
 *
 * <p>Thread-safety: every method acts on the event loop running on the calling thread and is confined to it,
 * like the loop's own methods. Memory consistency: see the package documentation.
 *
 * <p><b>Python:</b> the {@code asyncio} module's high-level API. {@code asyncio.wait} is {@link #waitUntil}
 * because a static import of a method named {@code wait} would be shadowed by {@link Object#wait()}.
 */
public final class AsyncIO {

  private AsyncIO() {}

  // ---------------------------------------------------------------- running

  /**
   * Runs {@code main} as a task on a new event loop until it is done, then cancels the tasks still pending,
   * reports any that fail on the way out, and closes the loop.
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @return what {@code main} returned
   * @throws IllegalStateException if called from a thread on which an event loop is already running
   * @throws CancelledError if {@code main} was cancelled; caused by an {@link InterruptedException} if the
   *     calling thread was interrupted, asyncio's {@code KeyboardInterrupt} (see {@link Runner}: the first
   *     interrupt cancels {@code main}, the thread's interrupt status is set again)
   * @throws RuntimeException what {@code main} threw (a checked exception in {@link
   *     java.util.concurrent.CompletionException})
   */
  public static <T> T run(Coroutine<T> main) {
    return run(EventLoop.builder(), main);
  }

  /**
   * Runs a {@code main} without a result; see {@link #run(Coroutine)}.
   *
   * @param main the main coroutine
   */
  public static void run(AsyncRunnable main) {
    run(EventLoop.builder(), main.asCoroutine());
  }

  /**
   * Runs {@code main} on a new loop built by {@code loopConfig} (for example with a {@link VirtualClock} or in
   * debug mode); see {@link #run(Coroutine)}.
   *
   * <p><b>Python:</b> {@code asyncio.run(main, debug=...)} / {@code asyncio.Runner(loop_factory=...)}.
   *
   * @param <T> the type of the result
   * @param loopConfig the configuration of the loop to build
   * @param main the main coroutine
   * @return what {@code main} returned
   */
  public static <T> T run(EventLoop.Builder loopConfig, Coroutine<T> main) {
    requireNonNull(loopConfig, "loopConfig");
    return run(main, loopConfig::build);
  }

  /**
   * Runs a {@code main} without a result on a new loop built by {@code loopConfig}.
   *
   * @param loopConfig the configuration of the loop to build
   * @param main the main coroutine
   */
  public static void run(EventLoop.Builder loopConfig, AsyncRunnable main) {
    run(loopConfig, main.asCoroutine());
  }

  /**
   * Runs {@code main} on a new loop from {@code loopFactory}; see {@link #run(Coroutine)} and {@link Runner}.
   *
   * <p><b>Python:</b> {@code asyncio.run(main, loop_factory=...)}.
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @param loopFactory makes the loop; called once
   * @return what {@code main} returned
   */
  public static <T> T run(Coroutine<T> main, Supplier<? extends EventLoop> loopFactory) {
    requireNonNull(main, "main");
    requireNonNull(loopFactory, "loopFactory");
    if (EventLoop.running() != null) {
      throw new IllegalStateException(
          "run() cannot be called from a running event loop; inside a task, await the coroutine or createTask() it");
    }
    try (Runner runner = new Runner(loopFactory)) {
      return runner.run(main);
    }
  }

  /**
   * Runs a {@code main} without a result on a new loop from {@code loopFactory}.
   *
   * @param main the main coroutine
   * @param loopFactory makes the loop; called once
   */
  public static void run(AsyncRunnable main, Supplier<? extends EventLoop> loopFactory) {
    run(requireNonNull(main, "main").asCoroutine(), loopFactory);
  }

  /**
   * The event loop running on this thread.
   *
   * @return the event loop running on this thread
   * @throws IllegalStateException if there is none
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = EventLoop.running();
    if (loop == null) {
      throw new IllegalStateException("no running event loop on thread '" + Thread.currentThread().getName() + "'");
    }
    return loop;
  }

  // ---------------------------------------------------------------- suspending

  /**
   * Suspends the current task for {@code delay} on the loop's clock. A zero or negative delay yields for exactly
   * one tick: every callback and task already ready runs first.
   *
   * @param delay how long to wait, on the loop's clock
   * @throws CancelledError if the task is cancelled while it sleeps
   * @throws IllegalStateException if called outside a task
   */
  public static void sleep(Duration delay) {
    sleep(delay, null);
  }

  /**
   * Suspends the current task for {@code delay}, then returns {@code result}; see {@link #sleep(Duration)}.
   *
   * <p><b>Python:</b> {@code await asyncio.sleep(delay, result)}.
   *
   * @param <T> the type of the result
   * @param delay how long to wait, on the loop's clock
   * @param result what to return after the delay
   * @return {@code result}
   * @throws CancelledError if the task is cancelled while it sleeps
   * @throws IllegalStateException if called outside a task
   */
  public static <T extends @Nullable Object> T sleep(Duration delay, T result) {
    requireNonNull(delay, "delay");
    AsyncTask<?> me = AsyncTask.requireCurrent("sleep", null);
    if (delay.isZero() || delay.isNegative()) {
      me.yieldOnce();
      return result;
    }
    EventLoop loop = me.getLoop();
    AsyncFuture<T> wakeup = loop.createFuture();
    TimerHandle timer = loop.callLater(delay, new WakeUp<>(wakeup, result));
    try {
      return wakeup.await();
    } finally {
      timer.cancel();
    }
  }

  /** Completes a sleeper's future when its timer fires; a class, not a lambda, so the first sleep links faster. */
  private record WakeUp<T extends @Nullable Object>(AsyncFuture<T> future, T result) implements Runnable {
    @Override
    public void run() {
      if (!future.done()) {
        future.setResult(result);
      }
    }
  }

  /**
   * Suspends the current task until {@code future} is done; the same as {@link AsyncFuture#await()}.
   *
   * @param <T> the type of the result
   * @param future the future
   * @return the future's result
   */
  public static <T> T await(AsyncFuture<T> future) {
    return requireNonNull(future, "future").await();
  }

  /**
   * Awaits {@code future} for at most {@code timeout} ({@code null}: no limit). On timeout the future is
   * cancelled, and waited for, before {@link AsyncTimeoutException} is thrown; a timeout of zero or less cancels
   * it at once unless it is done already.
   *
   * <p>Ends in one of these ways: the future's result is returned (also when it finished, or its code suppressed
   * the cancellation and returned a value, after the deadline); the future's exception is thrown; {@link
   * AsyncTimeoutException} (its cause the {@link CancelledError}) when the deadline passed and the future ended
   * cancelled; {@link CancelledError} when the calling task is cancelled (the future is cancelled too).
   *
   * <p><b>Python:</b> {@code asyncio.wait_for(fut, timeout)} as of 3.12: a {@code timeout} block around the
   * await.
   *
   * @param <T> the type of the result
   * @param future the future
   * @param timeout the longest wait, or {@code null} for none
   * @return the future's result
   * @throws IllegalStateException if called outside a task of the future's loop
   */
  public static <T> T waitFor(AsyncFuture<T> future, @Nullable Duration timeout) {
    return Waiting.waitFor(requireNonNull(future, "future"), timeout);
  }

  /**
   * Runs {@code coroutine} in the calling task under a deadline of {@code timeout} ({@code null}: none), as
   * {@code timeout(timeout).run(coroutine)}; with a timeout of zero or less it is not run at all and {@link
   * AsyncTimeoutException} is thrown. See {@link #waitFor(AsyncFuture, Duration)} for how it ends.
   *
   * <p><b>Python:</b> {@code asyncio.wait_for(coro(), timeout)} as of 3.12, which runs the coroutine in the
   * calling task (before 3.12 it made a task of it).
   *
   * @param <T> the type of the result
   * @param coroutine the code to run
   * @param timeout the longest wait, or {@code null} for none
   * @return what the coroutine returned
   * @throws IllegalStateException if called outside a task
   */
  public static <T> T waitFor(Coroutine<T> coroutine, @Nullable Duration timeout) {
    return Waiting.waitFor(requireNonNull(coroutine, "coroutine"), timeout);
  }

  /**
   * Waits until the futures are done as {@code returnWhen} says, or {@code timeout} ({@code null}: none)
   * passes; cancels nothing.
   *
   * <p><b>Python:</b> {@code asyncio.wait(fs, timeout=..., return_when=...)}.
   *
   * @param <T> the type of the result
   * @param futures the futures
   * @param returnWhen when to return
   * @param timeout the longest wait, or {@code null} for none
   * @return the futures done and those still pending
   */
  public static <T> DoneAndPending<T> waitUntil(
      Collection<AsyncFuture<T>> futures, ReturnWhen returnWhen, @Nullable Duration timeout) {
    requireNonNull(returnWhen, "returnWhen");
    return Waiting.waitUntil(List.copyOf(ImmutableSet.copyOf(futures)), returnWhen, timeout);
  }

  /**
   * Runs {@code body} with a new {@link TaskGroup} and waits for all the group's tasks; the same as {@code new
   * TaskGroup().run(body)}.
   *
   * @param body the body to run
   * @throws ExceptionGroup with the failures of the group's tasks (and of the body)
   * @throws CancelledError if the calling task was cancelled from outside the group
   * @throws IllegalStateException if called outside a task
   */
  public static void taskGroup(TaskGroup.Body body) {
    new TaskGroup().run(body);
  }

  /**
   * A {@link Timeout} that expires after {@code delay} ({@code null}: never, until rescheduled).
   *
   * @param delay how long until it expires, on the loop's clock, or {@code null} for no deadline yet
   * @return a timeout, not started: {@link Timeout#run} starts it
   */
  public static Timeout timeout(@Nullable Duration delay) {
    EventLoop loop = EventLoop.requireRunning("timeout");
    return new Timeout(loop, delay == null ? null : loop.time() + delay.toNanos());
  }

  /**
   * Runs {@code body} with a timeout of {@code delay}; see {@link Timeout#run}.
   *
   * @param <T> the type of the result
   * @param delay how long to wait, on the loop's clock
   * @param body the body to run
   * @return what the body returned
   */
  public static <T> T timeout(Duration delay, Coroutine<T> body) {
    return timeout(requireNonNull(delay, "delay")).run(body);
  }

  /**
   * A {@link Timeout} that expires at {@code when} in the loop's nanoseconds ({@code null}: never).
   *
   * @param when the deadline in the loop's nanoseconds, or {@code null} for none
   * @return a {@link Timeout} that expires at {@code when} in the loop's nanoseconds ({@code null}: never)
   */
  public static Timeout timeoutAt(@Nullable Long when) {
    return new Timeout(EventLoop.requireRunning("timeoutAt"), when);
  }

  // ---------------------------------------------------------------- tasks and futures

  /**
   * Schedules {@code coroutine} as a task of the running loop, with options (name, context, eager start); see
   * {@link EventLoop#createTask(Coroutine, TaskOptions)}.
   *
   * <p><b>Python:</b> {@code asyncio.create_task(coro, name=..., context=..., eager_start=...)}.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @param options the task's name, context and start
   * @return the new task
   */
  public static <T> AsyncTask<T> createTask(Coroutine<T> coroutine, TaskOptions options) {
    return EventLoop.requireRunning("createTask").createTask(coroutine, options);
  }

  /**
   * Schedules a body without a result, with options; see {@link #createTask(Coroutine, TaskOptions)}.
   *
   * @param body the body to run
   * @param options the task's name, context and start
   * @return the new task
   */
  public static AsyncTask<Void> createTask(AsyncRunnable body, TaskOptions options) {
    return createTask(body.asCoroutine(), options);
  }

  /**
   * A copy of the current {@link Context}: the running task's or callback's, or this thread's outside a loop.
   *
   * <p><b>Python:</b> {@code contextvars.copy_context()}.
   *
   * @return a copy of the current {@link Context}: the running task's or callback's, or this thread's outside a loop
   */
  public static Context copyContext() {
    return Context.current().copy();
  }

  /**
   * Schedules {@code coroutine} as a task of the running loop.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @return the new task
   */
  public static <T> AsyncTask<T> createTask(Coroutine<T> coroutine) {
    return EventLoop.requireRunning("createTask").createTask(coroutine);
  }

  /**
   * Schedules {@code coroutine} as a named task of the running loop.
   *
   * @param <T> the type of the result
   * @param coroutine the task's body
   * @param name the name
   * @return the new task
   */
  public static <T> AsyncTask<T> createTask(Coroutine<T> coroutine, String name) {
    return EventLoop.requireRunning("createTask").createTask(coroutine, requireNonNull(name, "name"));
  }

  /**
   * Schedules a body without a result as a task of the running loop.
   *
   * @param body the body to run
   * @return the new task
   */
  public static AsyncTask<Void> createTask(AsyncRunnable body) {
    return createTask(body.asCoroutine());
  }

  /**
   * Schedules a named body without a result as a task of the running loop.
   *
   * @param body the body to run
   * @param name the name
   * @return the new task
   */
  public static AsyncTask<Void> createTask(AsyncRunnable body, String name) {
    return createTask(body.asCoroutine(), name);
  }

  /**
   * The task running now, or {@code null} in a callback or outside any loop.
   *
   * @return the task running now, or {@code null} in a callback or outside any loop
   */
  public static @Nullable AsyncTask<?> currentTask() {
    EventLoop loop = EventLoop.running();
    return loop == null ? null : loop.current();
  }

  /**
   * The tasks of the running loop that are not done yet.
   *
   * @return the tasks of the running loop that are not done yet
   */
  public static Set<AsyncTask<?>> allTasks() {
    return ImmutableSet.copyOf(EventLoop.requireRunning("allTasks").tasks());
  }

  /**
   * A future of the children's results in argument order; the first failure fails it at once (without
   * cancelling the others). Cancelling it cancels the children. An element is {@code null} where a child's
   * result is. (The type argument carries no nullness annotation on purpose: a type-use annotation inside it
   * makes {@code var} and jshell fail on the inferred type.)
   *
   * <p><b>Python:</b> {@code asyncio.gather(*aws)}.
   *
   * @param children the futures to gather
   * @return a future of the children's results in argument order; the first failure fails it at once (without
   *     cancelling the others)
   */
  public static AsyncFuture<List<Object>> gather(AsyncFuture<?>... children) {
    return gather(Arrays.asList(children), /* returnExceptions= */ false);
  }

  /**
   * Runs each coroutine as a task and gathers them; see {@link #gather(AsyncFuture...)}.
   *
   * @param coroutines the bodies, each run as a task
   * @return a future of the results, in argument order
   */
  public static AsyncFuture<List<Object>> gather(Coroutine<?>... coroutines) {
    List<AsyncFuture<?>> tasks = new ArrayList<>(coroutines.length);
    for (Coroutine<?> c : coroutines) {
      tasks.add(createTask(c));
    }
    return gather(tasks, /* returnExceptions= */ false);
  }

  /**
   * Runs each body as a task and gathers them; see {@link #gather(AsyncFuture...)}.
   *
   * @param bodies the bodies, each run as a task
   * @return a future of the results ({@code null}s), in argument order
   */
  public static AsyncFuture<List<Object>> gather(AsyncRunnable... bodies) {
    List<AsyncFuture<?>> tasks = new ArrayList<>(bodies.length);
    for (AsyncRunnable b : bodies) {
      tasks.add(createTask(b));
    }
    return gather(tasks, /* returnExceptions= */ false);
  }

  /**
   * Gathers {@code children}; with {@code returnExceptions}, failures and cancellations are returned as
   * elements of the list instead of failing the result.
   *
   * <p><b>Python:</b> {@code asyncio.gather(*aws, return_exceptions=...)}.
   *
   * @param children the futures to gather
   * @param returnExceptions whether failures and cancellations become elements of the result instead of failing it
   * @return a future of the results (or failures), in argument order
   */
  public static AsyncFuture<List<Object>> gather(
      List<? extends AsyncFuture<?>> children, boolean returnExceptions) {
    requireNonNull(children, "children");
    EventLoop loop = children.isEmpty() ? EventLoop.requireRunning("gather") : children.get(0).getLoop();
    return GatheringFuture.of(loop, children, returnExceptions);
  }

  /**
   * A future that completes like {@code inner} but whose cancellation does not reach {@code inner}.
   *
   * <p><b>Python:</b> {@code asyncio.shield}.
   *
   * @param <T> the type of the result
   * @param inner the future to shield
   * @return a future that completes like {@code inner} but whose cancellation does not reach {@code inner}
   */
  public static <T> AsyncFuture<T> shield(AsyncFuture<T> inner) {
    return Waiting.shield(requireNonNull(inner, "inner"));
  }

  /**
   * The given futures as they finish: iterate the result to get each future once it is done (the 3.13 {@code
   * async for} form), or await its {@link AsCompleted#awaitables() awaitables} for the results in completion
   * order. After {@code timeout} ({@code null}: none), the steps not yet taken throw {@link
   * AsyncTimeoutException}. Duplicates count once.
   *
   * <p><b>Python:</b> {@code asyncio.as_completed(fs, timeout=...)}.
   *
   * @param <T> the type of the result
   * @param futures the futures
   * @param timeout the longest wait, or {@code null} for none
   * @return the given futures as they finish: iterate the result to get each future once it is done (the 3.13 {@code
   *     async for} form), or await its {@link AsCompleted#awaitables() awaitables} for the results in completion
   *     order
   * @throws IllegalStateException if no loop runs on this thread
   * @throws IllegalArgumentException if a future belongs to another loop
   */
  public static <T> AsCompleted<T> asCompleted(
      Collection<? extends AsyncFuture<T>> futures, @Nullable Duration timeout) {
    requireNonNull(futures, "futures");
    return new AsCompleted<>(EventLoop.requireRunning("asCompleted"), futures, timeout);
  }

  /**
   * {@link #asCompleted(Collection, Duration)} without a timeout.
   *
   * @param <T> the type of the result
   * @param futures the futures
   * @return the futures as they finish
   */
  public static <T> AsCompleted<T> asCompleted(Collection<? extends AsyncFuture<T>> futures) {
    return asCompleted(futures, null);
  }

  /**
   * A future of the running loop that completes like {@code stage}; see {@link EventLoop#wrap}.
   *
   * <p><b>Python:</b> {@code asyncio.wrap_future}.
   *
   * @param <T> the type of the result
   * @param stage the stage to wrap
   * @return a future of the running loop that completes like {@code stage}; see {@link EventLoop#wrap}
   */
  public static <T> AsyncFuture<T> wrapFuture(CompletionStage<T> stage) {
    return EventLoop.requireRunning("wrapFuture").wrap(stage);
  }
}
