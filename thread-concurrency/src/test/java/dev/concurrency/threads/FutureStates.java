package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TaskFutures in each of Python's future states (util.py's PENDING_FUTURE, RUNNING_FUTURE, CANCELLED_FUTURE,
 * EXCEPTION_FUTURE, SUCCESSFUL_FUTURE), made by running real tasks. {@link #close()} releases the running ones
 * and joins their threads.
 */
final class FutureStates {

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ThreadHandle> runners = new ArrayList<>();

  /** Not started. */
  TaskFuture<Integer> pending() {
    return new TaskFuture<>(() -> 42);
  }

  /** Running on a thread of its own until {@link #close()}; returns once it has started. */
  TaskFuture<Integer> running() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    TaskFuture<Integer> f =
        new TaskFuture<>(
            () -> {
              started.countDown();
              release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              return 42;
            });
    runners.add(ThreadHandle.platform("running-future", f).start());
    started.await();
    return f;
  }

  /** Cancelled before it started. */
  TaskFuture<Integer> cancelled() {
    TaskFuture<Integer> f = pending();
    f.cancel(/* mayInterruptIfRunning= */ false);
    return f;
  }

  /** Finished by raising an IOException (Python's OSError). */
  TaskFuture<Integer> failed() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> { throw new IOException("raised"); });
    f.run();
    return f;
  }

  /** Finished with 42. */
  TaskFuture<Integer> successful() {
    TaskFuture<Integer> f = pending();
    f.run();
    return f;
  }

  void close() throws Exception {
    release.countDown();
    for (ThreadHandle runner : runners) {
      runner.joinOrThrow();
    }
  }
}
