package dev.concurrency.async;

/**
 * The body of a task that returns nothing: {@code async def worker(): ...} without a {@code return} value.
 *
 * <p>The overloads that accept it ({@link AsyncIO#run(AsyncRunnable)}, {@link AsyncIO#createTask(AsyncRunnable)},
 * {@link AsyncIO#gather(AsyncRunnable...)}) let a {@code void} method be passed by reference, as in {@code
 * gather(Seed::task1, Seed::task2)}; the task's result is then {@code null}.
 */
@FunctionalInterface
public interface AsyncRunnable {

  /**
   * Runs the body.
   *
   * @throws Exception anything the body fails with; it becomes the task's exception
   */
  void run() throws Exception;

  /**
   * This body as a {@link Coroutine} whose result is {@code null}.
   *
   * @return this body as a {@link Coroutine} whose result is {@code null}
   */
  default Coroutine<Void> asCoroutine() {
    return () -> {
      run();
      return null;
    };
  }
}
