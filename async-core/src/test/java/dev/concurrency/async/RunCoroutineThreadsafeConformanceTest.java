package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_tasks.py} {@code RunCoroutineThreadsafeTests}: a plain thread submits to a loop. */
@Timeout(60)
final class RunCoroutineThreadsafeConformanceTest {

  private final List<ErrorContext> reported = new ArrayList<>();

  private static int add(int a, int b, boolean fail, boolean cancel) {
    sleep(Duration.ofMillis(50));
    if (fail) {
      throw new IllegalStateException("Fail!");
    }
    if (cancel) {
      currentTask().cancel();
      sleep(Duration.ZERO);
    }
    return a + b;
  }

  /** Runs {@code target} on a plain thread while the loop runs, and returns what it returned. */
  private <T> T fromThread(EventLoop loop, ThreadTarget<T> target) throws Exception {
    CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
      try {
        return target.run();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    return loop.runUntilComplete(loop.wrap(result));
  }

  @FunctionalInterface
  private interface ThreadTarget<T> {
    T run() throws Exception;
  }

  private EventLoop newLoop() {
    return EventLoop.builder().exceptionHandler((l, c) -> reported.add(c)).build();
  }

  // CPython: test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_with_exception
  @Test
  void withException_theCallerGetsIt() {
    try (EventLoop loop = newLoop()) {
      assertThatThrownBy(() -> fromThread(loop, () -> {
        CompletableFuture<Integer> f = ThreadBridge.runCoroutineThreadsafe(loop, () -> add(1, 2, true, false));
        return f.get(30, TimeUnit.SECONDS);
      })).isInstanceOf(IllegalStateException.class).hasMessage("Fail!"); // unwrapped, as the loop sees it
    }
  }

  // CPython: test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_with_timeout — the caller
  // times out and cancels: the task ends cancelled, nothing is left pending
  @Test
  void withTimeout_callerCancels_taskEndsCancelled() throws Exception {
    try (EventLoop loop = newLoop()) {
      List<CompletableFuture<Integer>> submitted = new ArrayList<>();
      assertThatThrownBy(() -> fromThread(loop, () -> {
        CompletableFuture<Integer> f = ThreadBridge.runCoroutineThreadsafe(loop, () -> add(1, 2, false, false));
        submitted.add(f);
        try {
          return f.get(0, TimeUnit.SECONDS);
        } finally {
          f.cancel(/* mayInterruptIfRunning= */ false);
        }
      })).hasCauseInstanceOf(TimeoutException.class); // a checked exception comes out wrapped
      loop.runUntilComplete(loop.createTask(() -> sleep(Duration.ofMillis(100), null)));
      assertThat(loop.tasks()).isEmpty();
      assertThat(submitted.get(0).isCancelled()).isTrue();
    }
  }

  // CPython: test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_factory_exception — a
  // failing task factory fails the caller's future and reaches the exception handler once
  @Test
  void failingTaskFactory_failsTheCallerAndIsReported() {
    try (EventLoop loop = newLoop()) {
      IllegalStateException broken = new IllegalStateException("NameError");
      loop.setTaskFactory(new TaskFactory() {
        @Override
        public <T> AsyncTask<T> createTask(EventLoop l, Coroutine<T> coroutine, TaskOptions options) {
          throw broken;
        }
      });
      assertThatThrownBy(() -> fromThread(loop, () -> {
        CompletableFuture<Integer> f = ThreadBridge.runCoroutineThreadsafe(loop, () -> add(1, 2, false, false));
        return f.get(30, TimeUnit.SECONDS);
      })).isSameAs(broken);
      assertThat(reported).singleElement().satisfies(c -> assertThat(c.exception()).isSameAs(broken));
    }
  }

  // CPython: test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_cancelled — a task that
  // cancels itself cancels the caller's future
  @Test
  void taskCancelled_callerSeesCancellation() {
    try (EventLoop loop = newLoop()) {
      assertThatThrownBy(() -> fromThread(loop, () -> {
        CompletableFuture<Integer> f = ThreadBridge.runCoroutineThreadsafe(loop, () -> add(1, 2, false, true));
        return f.get(30, TimeUnit.SECONDS);
      })).isInstanceOf(CancelledError.class); // the thread saw CancellationException; wrap turns it back
    }
  }
}
