package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A scope that owns the tasks created in it: the scope ends only when all of them are done, and the first
 * failure cancels the rest.
 *
 * <pre>{@code
 * taskGroup(tg -> {
 *   tg.createTask(() -> fetch("a"));
 *   tg.createTask(() -> fetch("b"));
 * });                                         // both done here, or an ExceptionGroup is thrown
 * }</pre>
 *
 * <p><b>Semantics.</b> When a task of the group fails (with anything but {@link CancelledError}), the group
 * aborts: it cancels every other task of the group and the task running the body (once), then waits for all
 * of them. The failures then come out together as one {@link ExceptionGroup}, with the body's own exception
 * (if any, other than the cancellation the group caused) at the end. If the body itself fails, the tasks are
 * cancelled the same way. A cancellation of the body from outside the group is propagated, not swallowed.
 * After an abort, {@link #createTask} is refused; after the scope ended, too.
 *
 * <p>Loop-confined: create tasks from the body's task or from the group's tasks. Memory consistency: actions of
 * every task of the group happen-before the scope returns (each task's completion is seen through the loop's
 * baton, see the package's <a href="package-summary.html#MemoryVisibility">Memory consistency</a> section).
 *
 * <p><b>Python:</b> {@code asyncio.TaskGroup} (3.12 semantics) used as {@code async with}; the body is a
 * lambda because Java's try-with-resources cannot turn the exception leaving the block into a group.
 */
public final class TaskGroup {

  /** The body of the scope: the code of an {@code async with asyncio.TaskGroup() as tg:} block. */
  @FunctionalInterface
  public interface Body {
    /** Runs the body with the group, to create tasks in it. */
    void run(TaskGroup group) throws Exception;
  }

  private final EventLoop loop;
  private final AsyncTask<?> parent;
  private final Set<AsyncTask<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private boolean exiting;
  private boolean aborting;
  private boolean parentCancelRequested;
  private @Nullable AsyncFuture<@Nullable Void> onCompleted;

  private TaskGroup(AsyncTask<?> parent) {
    this.parent = parent;
    this.loop = parent.getLoop();
  }

  /** Runs {@code body} in a new group; see {@link AsyncIO#taskGroup(Body)}. */
  static void run(Body body) {
    requireNonNull(body, "body");
    TaskGroup group = new TaskGroup(AsyncTask.requireCurrent("taskGroup", null));
    Throwable error = null;
    try {
      body.run(group);
    } catch (Throwable e) {
      error = e;
    }
    group.exit(error);
  }

  /** Creates a task in this group, named {@code Task-N}. */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine) {
    return createTask(coroutine, TaskOptions.defaults());
  }

  /** Creates a task in this group from a body without a result. */
  public AsyncTask<Void> createTask(AsyncRunnable body) {
    return createTask(body.asCoroutine(), TaskOptions.defaults());
  }

  /** Creates a task in this group from a body without a result, with options. */
  public AsyncTask<Void> createTask(AsyncRunnable body, TaskOptions options) {
    return createTask(body.asCoroutine(), options);
  }

  /** Creates a named task in this group from a body without a result. */
  public AsyncTask<Void> createTask(AsyncRunnable body, String name) {
    return createTask(body.asCoroutine(), name);
  }

  /**
   * Creates a task in this group.
   *
   * @throws IllegalStateException if the group is shutting down after a failure, or has finished
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, @Nullable String name) {
    return createTask(coroutine, name == null ? TaskOptions.defaults() : TaskOptions.defaults().withName(name));
  }

  /**
   * Creates a task in this group with options: a name, the {@link Context} it runs in (default: a copy of the
   * current one), an eager start.
   *
   * <p><b>Python:</b> {@code tg.create_task(coro, name=..., context=...)}.
   *
   * @throws IllegalStateException if the group is shutting down after a failure, or has finished
   */
  public <T> AsyncTask<T> createTask(Coroutine<T> coroutine, TaskOptions options) {
    if (exiting && tasks.isEmpty()) {
      throw new IllegalStateException("the task group is finished: it takes no new tasks");
    }
    if (aborting) {
      throw new IllegalStateException("the task group is shutting down after a failure: it takes no new tasks");
    }
    AsyncTask<T> task = loop.createTask(coroutine, options);
    tasks.add(task);
    task.addDoneCallback(this::onTaskDone);
    return task;
  }

  private void exit(@Nullable Throwable error) {
    exiting = true;
    CancelledError propagate = error instanceof CancelledError c ? c : null;
    if (error != null && !aborting) {
      abort();
    }
    while (!tasks.isEmpty()) {
      AsyncFuture<@Nullable Void> waiter = loop.createFuture();
      onCompleted = waiter;
      try {
        waiter.await();
      } catch (CancelledError c) {
        if (!aborting) {
          propagate = c;
          abort();
        }
      }
      onCompleted = null;
    }
    if (parentCancelRequested && parent.uncancel() == 0) {
      propagate = null; // the only cancellation was ours: do not let it escape
    }
    if (propagate != null && errors.isEmpty()) {
      throw propagate;
    }
    if (error != null && !(error instanceof CancelledError)) {
      errors.add(error);
    }
    if (!errors.isEmpty()) {
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
    if (error != null) {
      throw AsyncFuture.rethrowable(error);
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
    if (!aborting && !parentCancelRequested) {
      abort();
      parentCancelRequested = true;
      parent.cancel();
    }
  }

  @Override
  public String toString() {
    return "TaskGroup[tasks=" + tasks.size() + (errors.isEmpty() ? "" : " errors=" + errors.size())
        + (aborting ? " aborting" : "") + "]";
  }
}
