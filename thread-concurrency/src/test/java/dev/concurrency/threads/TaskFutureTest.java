package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class TaskFutureTest {

  @Test
  void run_returningTask_completesWithResult() throws Exception {
    TaskFuture<Integer> f = new TaskFuture<>(() -> 42);
    f.run();
    assertThat(f.get()).isEqualTo(42);
    assertThat(f.isRunning()).isFalse();
  }

  @Test
  void run_throwingTask_completesExceptionallyWithoutRethrowing() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> { throw new IllegalStateException("boom"); });
    f.run();
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
  }

  // CPython test_concurrent_futures: test_cancel -- a pending future can be cancelled and never runs
  @Test
  void cancel_pending_succeedsAndTaskNeverRuns() {
    AtomicInteger calls = new AtomicInteger();
    TaskFuture<Integer> f = new TaskFuture<>(calls::incrementAndGet);
    assertThat(f.cancel(/* mayInterruptIfRunning= */ true)).isTrue();
    assertThat(f.cancel(false)).as("already cancelled: still true").isTrue();
    f.run();
    assertThat(calls).hasValue(0);
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void cancel_running_returnsFalseAndTaskFinishes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TaskFuture<String> f =
        new TaskFuture<>(
            () -> {
              started.countDown();
              release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              return "finished";
            });
    ThreadHandle runner = ThreadHandle.platform("runner", f).start();
    started.await();

    assertThat(f.isRunning()).isTrue();
    assertThat(f.cancel(true)).isFalse();
    release.countDown();
    runner.joinOrThrow();
    assertThat(f.get()).isEqualTo("finished");
    assertThat(f.cancel(true)).as("done: cannot cancel").isFalse();
  }

  @Test
  void run_completedFromOutsideFirst_skipsTask() {
    AtomicInteger calls = new AtomicInteger();
    TaskFuture<Integer> f = new TaskFuture<>(calls::incrementAndGet);
    f.complete(7);
    f.run();
    assertThat(calls).hasValue(0);
    assertThat(f.join()).isEqualTo(7);
    assertThat(f.isRunning()).isFalse();
  }

  @Test
  void thenApply_dependentStage_isPlainCompletableFuture() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> 1);
    CompletableFuture<Integer> g = f.thenApply(x -> x + 1);
    assertThat(g).isNotInstanceOf(TaskFuture.class);
    f.run();
    assertThat(g.join()).isEqualTo(2);
  }

  @Test
  void constructor_nullTask_throwsWithMessage() {
    assertThatThrownBy(() -> new TaskFuture<>(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("task");
  }
}
