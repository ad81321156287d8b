package dev.concurrency.async;

/**
 * The body of a task that produces a value: straight-line code that may {@code await}.
 *
 * <p>Where Python writes {@code async def fetch(): ...; return data}, Java writes a method (or lambda) of this
 * shape and hands it to {@link AsyncIO#createTask(Coroutine)} or {@link AsyncIO#run(Coroutine)}. It runs on the
 * task's own virtual thread, which holds the loop's baton while it runs, so the coroutine can call the
 * suspending methods of {@link AsyncIO} directly.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Coroutine<T> {

  /**
   * Runs the body.
   *
   * @return the task's result
   * @throws Exception anything the body fails with; it becomes the task's exception
   */
  T call() throws Exception;
}
