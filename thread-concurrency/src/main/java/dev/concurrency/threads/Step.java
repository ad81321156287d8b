package dev.concurrency.threads;

/**
 * What one step of a {@link SteppedTask} reports: there is more to do, or the task is done with a result.
 *
 * <p>Immutable.
 *
 * <p><b>Python:</b> a generator's {@code yield} ({@link More}) and its {@code return value} ({@link Done}).
 *
 * @param <T> the task's result type
 */
public sealed interface Step<T> {

  /**
   * The task has more steps: the scheduler may run the next one now or switch to another task.
   *
   * @param <T> the task's result type
   */
  record More<T>() implements Step<T> {}

  /**
   * The task is finished.
   *
   * @param <T> the task's result type
   * @param value its result, possibly null
   */
  record Done<T>(T value) implements Step<T> {}

  /**
   * One more step to come.
   *
   * @param <T> the task's result type
   * @return the step
   */
  static <T> Step<T> more() {
    return new More<>();
  }

  /**
   * Finished with {@code value}.
   *
   * @param value the result, possibly null
   * @param <T> the task's result type
   * @return the step
   */
  static <T> Step<T> done(T value) {
    return new Done<>(value);
  }
}
