package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;

/**
 * A cooperative task written as a sequence of short steps, so that a scheduler can switch to another task
 * between any two of them: the unit a {@link RoundRobinExecutor} time-slices.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=stepped-task}
 *
 * <p>Each call to {@link #step()} should do a bounded, small amount of work and return.
 *
 * <p>Implementations need not be thread-safe: an executor steps a task from one thread at a time. Memory
 * consistency effects: each step happens-before the next, even when different workers run them, so a task's
 * fields need no synchronization of their own.
 *
 * <p><b>Python:</b> a generator-based coroutine driven by a round-robin loop, the way {@code asyncio} began
 * (PEP 342); each {@code yield} is a {@link Step.More}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SteppedTask<T> {

  /**
   * Does the next bit of work.
   *
   * @return {@link Step#more()} if there is more, {@link Step#done(Object)} with the result when finished
   * @throws Exception if the task fails; the task then ends with that exception
   */
  Step<T> step() throws Exception;

  /**
   * The same work as one {@code Callable} that runs every step in a row, for executors without time slices.
   *
   * @return the callable
   */
  default Callable<T> asCallable() {
    return () -> {
      while (true) {
        Step<T> step = requireNonNull(step(), "step() returned null; return Step.more() or Step.done(value)");
        if (step instanceof Step.Done<T> done) {
          return done.value();
        }
      }
    };
  }
}
