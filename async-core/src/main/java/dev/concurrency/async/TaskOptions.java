package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * How to create a task: its name, the {@link Context} it runs in, and whether it starts eagerly. The
 * keyword arguments of Python's {@code loop.create_task(coro, *, name=None, context=None, eager_start=None)}.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=taskOptions}
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the task's name, or {@code null} for {@code Task-N}
 * @param context the context the task runs in, or {@code null} for a copy of the creator's current context
 * @param eagerStart {@code true}: run the task's first step inside {@code createTask}, up to its first
 *     suspension (if the loop is running); {@code false}: schedule it for a later tick; {@code null}: let the
 *     task factory decide (the default factory schedules it, the {@linkplain TaskFactory#eager() eager factory}
 *     starts it eagerly)
 */
public record TaskOptions(@Nullable String name, @Nullable Context context, @Nullable Boolean eagerStart) {

  private static final TaskOptions DEFAULTS = new TaskOptions(null, null, null);

  /**
   * No name, a copy of the current context, the factory's choice of start.
   *
   * @return the default options
   */
  public static TaskOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with the task's name.
   *
   * @param taskName the task's name
   * @return these options with the task's name
   */
  public TaskOptions withName(String taskName) {
    return new TaskOptions(requireNonNull(taskName, "taskName"), context, eagerStart);
  }

  /**
   * These options with the context the task runs in (shared, not copied: the task's changes show in it).
   *
   * @param taskContext the context the task runs in
   * @return these options with the context the task runs in (shared, not copied: the task's changes show in it)
   */
  public TaskOptions withContext(Context taskContext) {
    return new TaskOptions(name, requireNonNull(taskContext, "taskContext"), eagerStart);
  }

  /**
   * These options with an explicit choice of eager or scheduled start.
   *
   * @param eager {@code true} to run the first step at once, {@code false} to schedule it
   * @return these options with an explicit choice of eager or scheduled start
   */
  public TaskOptions withEagerStart(boolean eager) {
    return new TaskOptions(name, context, eager);
  }
}
