package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A scope that owns the tasks created in it: the scope ends only when all of them are done, and the first
 * failure cancels the rest.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=taskGroup}
 *
 * <p><b>Semantics.</b> {@link #run} runs the body in the current task (the group's <em>parent</em>), then waits
 * until every task of the group is done; tasks may be added meanwhile, by the body or by the group's tasks. When
 * a task of the group fails (with anything but {@link CancelledError}), the group <em>aborts</em>: it cancels
 * every other task and, once, the parent, then waits for all of them; the failures come out together as one
 * {@link ExceptionGroup}, with the body's own exception (if any, other than a cancellation) at the end. If the
 * body fails, the tasks are cancelled the same way. After an abort {@link #createTask} is refused, and after the
 * scope ended, too. A {@link VirtualMachineError} (out of memory, stack overflow) of the body or of a task is
 * thrown as it is, not grouped, once every task is done (Python treats {@code KeyboardInterrupt} and {@code
 * SystemExit} so).
 *
 * <p><b>Cancellation.</b> A cancellation of the parent from outside aborts the group too, and propagates as
 * {@link CancelledError} once the tasks are done, unless tasks failed: the failures win, and the outside request
 * stays pending ({@link AsyncTask#cancelling()} keeps it) so that the parent's next await is cancelled. The
 * group's own cancellation of the parent is withdrawn ({@link AsyncTask#uncancel()}) before the scope ends, so
 * that code after the scope (in a {@code catch}, say) runs normally. {@link #cancel()} ends the group early
 * without an error.
 *
 * <p><b>Thread-safety.</b> Loop-confined: create tasks from the parent or from the group's tasks, on the loop.
 * Memory consistency: actions of every task of the group happen-before the scope returns (each task's completion
 * is seen through the loop's baton, see the package's <a href="package-summary.html#MemoryVisibility">Memory
 * consistency</a> section).
 *
 * <p><b>Python:</b> {@code asyncio.TaskGroup} (3.13 semantics, with {@code cancel()} of 3.15) used as {@code
 * async with}; the body is a lambda passed to {@link #run} because Java's try-with-resources cannot turn the
 * exception leaving the block into a group. {@code RuntimeError} is {@link IllegalStateException}.
 */
public final class TaskGroup {

  /** The body of the scope: the code of an {@code async with asyncio.TaskGroup() as tg:} block. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the body with the group, to create tasks in it.
     *
     * @param group the group the body runs in
     * @throws Exception anything; it aborts the group and ends up in its {@link ExceptionGroup}
     */
    void run(TaskGroup group) throws Exception;
  }

  private enum State {
    NEW,
    ENTERED,
    EXITING,
    FINISHED
  }

  private final Set<AsyncTask<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private State state = State.NEW;
  private @Nullable EventLoop loop;
  private @Nullable AsyncTask<?> parent;
  private boolean aborting;
  private boolean parentCancelRequested;
  private boolean cancelOnEntry;
  private @Nullable VirtualMachineError baseError;
  private @Nullable AsyncFuture<@Nullable Void> onCompleted;

  /** A group not entered yet: {@link #run} enters it, once. */
  public TaskGroup() {}

  /**
   * Runs {@code body} in this group, in the current task, and waits for every task of the group.
   *
   * @param body the code of the scope; it gets this group, to create tasks in it
   * @throws ExceptionGroup with the failures of the group's tasks (and of the body), in the order they happened
   * @throws CancelledError if the calling task was cancelled from outside the group and no task failed
   * @throws VirtualMachineError if the body or a task ended with one
   * @throws IllegalStateException if called outside a task, or on a group that was entered before
   */
  public void run(Body body) {
    requireNonNull(body, "body");
    if (state != State.NEW) {
      throw new IllegalStateException("TaskGroup " + this + " has already been entered; create a new TaskGroup");
    }
    AsyncTask<?> me = AsyncTask.requireCurrent("TaskGroup.run", null);
    parent = me;
    loop = me.getLoop();
    state = State.ENTERED;
    if (cancelOnEntry) {
      cancel();
    }
    Throwable error = null;
    try {
      body.run(this);
    } catch (Throwable e) {
      error = e;
    }
    exit(error);
  }

  /**
   * Creates a task in this group, named {@code Task-N}; see {@link #createTask(Coroutine, TaskOptions)}.
   *
   * @param <T> the type of the task's result
   * @param coroutine the task's body
   * @return the new task
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine) {
    return createTask(coroutine, TaskOptions.defaults());
  }

  /**
   * Creates a task in this group from a body without a result.
   *
   * @param body the task's body
   * @return the new task
   */
  public AsyncTask<Void> createTask(AsyncRunnable body) {
    return createTask(requireNonNull(body, "body").asCoroutine(), TaskOptions.defaults());
  }

  /**
   * Creates a named task in this group from a body without a result.
   *
   * @param body the task's body
   * @param name the task's name
   * @return the new task
   */
  public AsyncTask<Void> createTask(AsyncRunnable body, String name) {
    return createTask(requireNonNull(body, "body").asCoroutine(), name);
  }

  /**
   * Creates a task in this group.
   *
   * @param <T> the type of the task's result
   * @param coroutine the task's body
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @return the new task
   * @throws IllegalStateException if the group has not been entered, is shutting down after a failure or a
   *     {@link #cancel()}, or has finished
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, @Nullable String name) {
    return createTask(coroutine, name == null ? TaskOptions.defaults() : TaskOptions.defaults().withName(name));
  }

  /**
   * Creates a task in this group from a body without a result, with options; see {@link #createTask(Coroutine,
   * TaskOptions)}.
   *
   * @param body the task's body
   * @param options the task's name, context and eager start
   * @return the new task
   */
  public AsyncTask<Void> createTask(AsyncRunnable body, TaskOptions options) {
    return createTask(requireNonNull(body, "body").asCoroutine(), options);
  }

  /**
   * Creates a task in this group with options: its name, the {@link Context} it runs in (by default a copy of
   * the current one), whether it starts eagerly. A task that starts eagerly and finishes without suspending is
   * done when this returns; its outcome reaches the group in a later tick, like any other task's.
   *
   * <p><b>Python:</b> {@code tg.create_task(coro, name=..., context=..., eager_start=...)}.
   *
   * @param <T> the type of the task's result
   * @param coroutine the task's body
   * @param options the task's name, context and eager start
   * @return the new task
   * @throws IllegalStateException if the group has not been entered, is shutting down after a failure or a
   *     {@link #cancel()}, or has finished
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, TaskOptions options) {
    requireNonNull(coroutine, "coroutine");
    requireNonNull(options, "options");
    EventLoop l = loop;
    if (state == State.NEW || l == null) {
      throw new IllegalStateException("TaskGroup " + this + " has not been entered; create tasks inside run()");
    }
    if (state == State.FINISHED || (state == State.EXITING && tasks.isEmpty())) {
      throw new IllegalStateException("TaskGroup " + this + " is finished; it takes no new tasks");
    }
    if (aborting) {
      throw new IllegalStateException("TaskGroup " + this + " is shutting down; it takes no new tasks");
    }
    AsyncTask<T> task = l.createTask(coroutine, options);
    // Even a task that finished eagerly, inside createTask, is added and reported through its done callback (a
    // later tick), as CPython does since gh-128550: handling its failure here, at once, would abort the group
    // while the task that called createTask is still running its own eager step, not yet in the group.
    tasks.add(task);
    AwaitGraph.add(task, requireNonNull(parent)); // the parent awaits its children (3.14's call graph)
    task.addDoneCallback(this::onTaskDone);
    if (aborting && !task.done()) {
      task.cancel(); // its own eager step aborted the group (a failure, or cancel()) before it was in the group
    }
    return task;
  }

  /**
   * Ends the group early, without an error: cancels every task of the group that is not done, and the parent
   * (the body, or the parent waiting for the tasks), so that {@link #run} returns normally once the tasks are
   * done, without {@link CancelledError}. Called before {@link #run}, the group is cancelled as it is entered;
   * called again, or after the group finished, it does nothing. Tasks that fail meanwhile are still reported as
   * an {@link ExceptionGroup}, and a cancellation of the parent from outside still propagates.
   *
   * <p>Callable from the body, from the group's tasks, or from any other task or callback of the loop.
   *
   * <p><b>Python:</b> {@code TaskGroup.cancel()} (new in 3.15).
   */
  public void cancel() {
    if (state == State.NEW) {
      cancelOnEntry = true;
      return;
    }
    if (state == State.FINISHED || (state == State.EXITING && tasks.isEmpty())) {
      return;
    }
    if (!aborting) {
      abort();
    }
    if (!parentCancelRequested) {
      parentCancelRequested = true;
      requireNonNull(parent).cancel();
    }
  }

  private void exit(@Nullable Throwable error) {
    state = State.EXITING;
    AsyncTask<?> me = requireNonNull(parent);
    if (error instanceof VirtualMachineError vme && baseError == null) {
      baseError = vme;
    }
    CancelledError propagate = error instanceof CancelledError c ? c : null;
    if (error != null && !aborting) {
      abort();
    }
    // A loop, because the wait can be cancelled again and again while the tasks wind down.
    while (!tasks.isEmpty()) {
      AsyncFuture<@Nullable Void> waiter = onCompleted;
      if (waiter == null) {
        waiter = requireNonNull(loop).createFuture();
        onCompleted = waiter;
      }
      try {
        waiter.await();
      } catch (CancelledError c) {
        if (!aborting) {
          propagate = c; // the parent is cancelled from outside while it waits for the tasks
          abort();
        }
      }
      onCompleted = null;
    }
    state = State.FINISHED;
    if (baseError != null) {
      throw baseError;
    }
    if (parentCancelRequested) {
      if (me.uncancel() == 0) {
        propagate = null; // the only cancellation was the group's own: it must not escape
      } else if (propagate == null) {
        propagate = new CancelledError(); // an outside request is still pending: do not swallow it
      }
    }
    if (propagate != null && errors.isEmpty()) {
      throw propagate;
    }
    if (error != null && !(error instanceof CancelledError)) {
      errors.add(error);
    }
    if (!errors.isEmpty()) {
      if (me.cancelling() > 0) {
        // Cancelled from outside as well: the group's error wins, but the request must survive it, so withdraw
        // it and make it again; the parent's next await is cancelled and cancelling() is unchanged.
        me.uncancel();
        me.cancel();
      }
      List<Throwable> failures = List.copyOf(errors);
      errors.clear();
      throw new ExceptionGroup("unhandled errors in a TaskGroup", failures);
    }
  }

  private void abort() {
    aborting = true;
    for (AsyncTask<?> t : tasks) {
      if (!t.done()) {
        t.cancel();
      }
    }
  }

  private void onTaskDone(AsyncFuture<?> task) {
    tasks.remove(task);
    AwaitGraph.discard(task, requireNonNull(parent));
    AsyncFuture<@Nullable Void> waiter = onCompleted;
    if (waiter != null && tasks.isEmpty() && !waiter.done()) {
      waiter.setResult(null);
    }
    if (task.cancelled()) {
      return;
    }
    Throwable error = task.exception();
    if (error == null) {
      return;
    }
    errors.add(error);
    if (error instanceof VirtualMachineError vme && baseError == null) {
      baseError = vme;
    }
    AsyncTask<?> me = requireNonNull(parent);
    if (me.done()) {
      requireNonNull(loop).callExceptionHandler(new ErrorContext(
          "task " + task + " of a TaskGroup failed after the group's parent task " + me + " had completed",
          error, task, null));
      return;
    }
    if (!aborting && !parentCancelRequested) {
      // Interrupt whatever the parent does in the body (or its wait for the tasks); exit() withdraws this.
      abort();
      parentCancelRequested = true;
      me.cancel();
    }
  }

  /** How many tasks of the group are not done yet. */
  int pendingTaskCount() {
    return tasks.size();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TaskGroup[");
    s.append(aborting ? "cancelling" : state.name().toLowerCase(Locale.ROOT));
    if (!tasks.isEmpty()) {
      s.append(", tasks=").append(tasks.size());
    }
    if (!errors.isEmpty()) {
      s.append(", errors=").append(errors.size());
    }
    return s.append(']').toString();
  }
}
