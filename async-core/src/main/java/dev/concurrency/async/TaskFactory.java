package dev.concurrency.async;

/**
 * Makes the tasks of a loop: what {@link EventLoop#createTask} (and so {@link AsyncIO#createTask}, {@link
 * AsyncIO#gather}, {@link TaskGroup}) calls once {@linkplain EventLoop#setTaskFactory installed}.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=taskFactory}
 *
 * <p>A factory must return a task of {@code loop} that runs {@code coroutine}, normally by calling {@link
 * AsyncTask#create} (Python's {@code asyncio.Task(coro, loop=loop, **kwargs)}), and should honour {@code
 * options}. It is called on the loop, like {@code createTask}. (A generic method cannot be a lambda in Java, so
 * a factory is written as a class.)
 *
 * <p><b>Python:</b> the {@code task_factory} of {@code loop.set_task_factory}; {@link #eager()} is {@code
 * asyncio.eager_task_factory} and {@link #eager(TaskFactory)} is {@code asyncio.create_eager_task_factory}.
 */
public interface TaskFactory {

  /**
   * Creates, and schedules or eagerly starts, a task of {@code loop} running {@code coroutine}.
   *
   * @param loop the loop the task belongs to
   * @param coroutine the task's body
   * @param options the name, context and start the caller asked for
   * @param <T> the type of the task's result
   * @return the new task
   */
  <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options);

  /**
   * The eager task factory: every task runs its first step inside {@code createTask}, up to its first
   * suspension, unless its options say {@code eagerStart(false)}. A task that finishes without suspending is
   * done when {@code createTask} returns and never goes through the loop's ready queue.
   *
   * <p><b>Python:</b> {@code asyncio.eager_task_factory} (3.12).
   *
   * @return the eager task factory: every task runs its first step inside {@code createTask}, up to its first
   *     suspension, unless its options say {@code eagerStart(false)}
   */
  static TaskFactory eager() {
    return TaskFactories.Eager.DEFAULT;
  }

  /**
   * An eager factory over {@code constructor}: it calls {@code constructor} with {@code eagerStart(true)} unless
   * the options chose otherwise.
   *
   * <p><b>Python:</b> {@code asyncio.create_eager_task_factory(custom_task_constructor)}.
   *
   * @param constructor makes the task, given the options with the eager start
   * @return an eager factory over {@code constructor}: it calls {@code constructor} with {@code eagerStart(true)}
   *     unless the options chose otherwise
   */
  static TaskFactory eager(TaskFactory constructor) {
    return new TaskFactories.Eager(java.util.Objects.requireNonNull(constructor, "constructor"));
  }

  /**
   * The default way to make a task: {@link AsyncTask#create}.
   *
   * @return the default way to make a task: {@link AsyncTask#create}
   */
  static TaskFactory plain() {
    return TaskFactories.Plain.INSTANCE;
  }
}
