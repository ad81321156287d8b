package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static dev.concurrency.threads.TestSupport.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TaskFuture as Python's concurrent.futures.Future: CPython's test_future.py, ported, and the module's own cases. */
@Timeout(30)
final class TaskFutureTest {

  private final FutureStates states = new FutureStates();

  @AfterEach
  void releaseRunning() throws Exception {
    states.close();
  }

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

  @Test
  void run_secondTime_doesNotRunAgain() {
    AtomicInteger calls = new AtomicInteger();
    TaskFuture<Integer> f = new TaskFuture<>(calls::incrementAndGet);
    f.run();
    f.run();
    assertThat(calls).hasValue(1);
    assertThat(f.join()).isEqualTo(1);
  }

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

  // Python's cancel(): a running task cannot be cancelled (documented difference from FutureTask.cancel(false))
  @Test
  void cancelWithoutInterrupt_running_returnsFalseAndTaskFinishes() throws Exception {
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
    assertThat(f.cancel(false)).isFalse();
    assertThat(f.isCancelled()).isFalse();
    release.countDown();
    runner.joinOrThrow();
    assertThat(f.get()).isEqualTo("finished");
    assertThat(f.cancel(true)).as("done: cannot cancel").isFalse();
  }

  // FutureTask's cancel(true): a running task is cancelled at once and its thread interrupted
  @Test
  void cancelWithInterrupt_running_cancelsAndInterruptsTheRunner() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    TaskFuture<String> f =
        new TaskFuture<>(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                return "not interrupted";
              } catch (InterruptedException e) {
                seen.set(e);
                return "interrupted";
              }
            });
    ThreadHandle runner = ThreadHandle.platform("runner", f).start();
    started.await();

    assertThat(f.cancel(true)).isTrue();
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.isDone()).isTrue();
    assertThat(f.isRunning()).as("cancelled: no longer reported as running").isFalse();
    runner.joinOrThrow();
    assertThat(seen.get()).isInstanceOf(InterruptedException.class);
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
  }

  // The interrupt of cancel(true) lands inside the run it was meant for, never in what the thread does next.
  @Test
  void cancelWithInterrupt_raceWithTaskEnd_interruptNeverOutlivesRun() throws Exception {
    for (int round = 0; round < 200; round++) {
      CountDownLatch started = new CountDownLatch(1);
      TaskFuture<Integer> f =
          new TaskFuture<>(
              () -> {
                started.countDown();
                return 1;
              });
      AtomicReference<Boolean> interruptedAfterRun = new AtomicReference<>();
      ThreadHandle runner =
          ThreadHandle.platform(
                  "runner",
                  () -> {
                    f.run();
                    Thread.interrupted(); // a cancel interrupt may land inside run(): clear it, as a pool does
                    // anything the canceller still delivered now would be a leak into the next task
                    interruptedAfterRun.set(Thread.currentThread().isInterrupted());
                  })
              .start();
      started.await();
      f.cancel(true);
      runner.joinOrThrow();
      assertThat(interruptedAfterRun.get()).as("round %s", round).isFalse();
    }
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
    assertThat(f.cancel(false)).as("completed normally: not cancellable").isFalse();
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
    assertThatThrownBy(() -> new TaskFuture<>((java.util.concurrent.Callable<Object>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("callable");
    assertThatThrownBy(() -> new TaskFuture<>((Runnable) null, "r"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task");
  }

  @Test
  void constructor_runnableAndResult_completesWithResult() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TaskFuture<String> f = new TaskFuture<>(calls::incrementAndGet, "done");
    f.run();
    assertThat(f.get()).isEqualTo("done");
    assertThat(calls).hasValue(1);
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_result
  @Test
  void whenComplete_pendingThenResult_callbackSeesResult() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> 5);
    AtomicReference<Integer> seen = new AtomicReference<>();
    f.whenComplete((value, failure) -> seen.set(value));
    f.run();
    assertThat(seen.get()).isEqualTo(5);
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_exception
  @Test
  void whenComplete_pendingThenException_callbackSeesException() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> { throw new IllegalStateException("test"); });
    AtomicReference<Throwable> seen = new AtomicReference<>();
    f.whenComplete((value, failure) -> seen.set(failure));
    f.run();
    assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessage("test");
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_cancel
  @Test
  void whenComplete_pendingThenCancelled_callbackSeesCancellation() {
    TaskFuture<Integer> f = states.pending();
    AtomicReference<Boolean> wasCancelled = new AtomicReference<>();
    f.whenComplete((value, failure) -> wasCancelled.set(f.isCancelled() && failure instanceof CancellationException));
    assertThat(f.cancel(false)).isTrue();
    assertThat(wasCancelled.get()).isTrue();
  }

  // CPython: test_future.py FutureTests.test_done_callback_raises -- difference: the failure is not printed, it
  // completes the callback's own stage; the other callbacks still run
  @Test
  void whenComplete_callbackThrows_otherCallbacksRunAndFailureLandsInItsStage() {
    TaskFuture<Integer> f = new TaskFuture<>(() -> 5);
    AtomicInteger raisingCalled = new AtomicInteger();
    AtomicInteger otherCalled = new AtomicInteger();
    CompletableFuture<Integer> raising =
        f.whenComplete(
            (value, failure) -> {
              raisingCalled.incrementAndGet();
              throw new IllegalStateException("doh!");
            });
    f.whenComplete((value, failure) -> otherCalled.incrementAndGet());
    f.run();
    assertThat(raisingCalled).hasValue(1);
    assertThat(otherCalled).hasValue(1);
    assertThat(f.join()).isEqualTo(5);
    assertThatThrownBy(raising::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("doh!");
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_successful
  @Test
  void whenComplete_alreadySuccessful_callbackRunsAtOnce() {
    AtomicReference<Integer> seen = new AtomicReference<>();
    states.successful().whenComplete((value, failure) -> seen.set(value));
    assertThat(seen.get()).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_failed
  @Test
  void whenComplete_alreadyFailed_callbackRunsAtOnce() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    states.failed().whenComplete((value, failure) -> seen.set(failure));
    assertThat(seen.get()).isInstanceOf(IOException.class);
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_cancelled
  @Test
  void whenComplete_alreadyCancelled_callbackRunsAtOnce() {
    TaskFuture<Integer> f = states.cancelled();
    AtomicReference<Boolean> wasCancelled = new AtomicReference<>();
    f.whenComplete((value, failure) -> wasCancelled.set(f.isCancelled()));
    assertThat(wasCancelled.get()).isTrue();
  }

  // CPython: test_future.py FutureTests.test_done_callback_raises_already_succeeded -- difference as above: the
  // caller of whenComplete does not see the exception, the returned stage holds it
  @Test
  void whenComplete_alreadySucceededCallbackThrows_failureLandsInItsStage() {
    CompletableFuture<Integer> raising =
        states.successful().whenComplete((value, failure) -> { throw new IllegalStateException("doh!"); });
    assertThatThrownBy(raising::join).hasRootCauseMessage("doh!");
  }

  // CPython: test_future.py FutureTests.test_repr
  @Test
  void toString_eachState_namesItInPythonsWords() throws Exception {
    assertThat(states.pending().toString()).matches("TaskFuture@[0-9a-f]+\\[.*state=pending]");
    assertThat(states.running().toString()).matches("TaskFuture@[0-9a-f]+\\[.*state=running]");
    assertThat(states.cancelled().toString()).matches("TaskFuture@[0-9a-f]+\\[.*state=cancelled]");
    assertThat(states.failed().toString())
        .matches("TaskFuture@[0-9a-f]+\\[.*state=finished raised IOException]");
    assertThat(states.successful().toString())
        .matches("TaskFuture@[0-9a-f]+\\[.*state=finished returned Integer]");
  }

  // CPython: test_future.py FutureTests.test_cancel
  @Test
  void cancel_eachState_succeedsOnlyWhenPendingOrCancelled() throws Exception {
    TaskFuture<Integer> pending = states.pending();
    TaskFuture<Integer> running = states.running();
    TaskFuture<Integer> cancelled = states.cancelled();
    TaskFuture<Integer> failed = states.failed();
    TaskFuture<Integer> successful = states.successful();

    assertThat(pending.cancel(false)).isTrue();
    assertThat(pending.isCancelled()).isTrue();
    assertThat(running.cancel(false)).isFalse();
    assertThat(running.isRunning()).isTrue();
    assertThat(cancelled.cancel(false)).isTrue();
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(failed.cancel(false)).isFalse();
    assertThat(failed.isCompletedExceptionally()).isTrue();
    assertThat(successful.cancel(false)).isFalse();
    assertThat(successful.resultNow()).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_cancelled, test_done, test_running
  @Test
  void predicates_eachState_asPython() throws Exception {
    List<TaskFuture<Integer>> all =
        List.of(states.pending(), states.running(), states.cancelled(), states.failed(), states.successful());
    List<Boolean> cancelled = new ArrayList<>();
    List<Boolean> done = new ArrayList<>();
    List<Boolean> running = new ArrayList<>();
    for (TaskFuture<Integer> f : all) {
      cancelled.add(f.isCancelled());
      done.add(f.isDone());
      running.add(f.isRunning());
    }
    assertThat(cancelled).containsExactly(false, false, true, false, false);
    assertThat(done).containsExactly(false, false, true, true, true);
    assertThat(running).containsExactly(false, true, false, false, false);
  }

  // CPython: test_future.py FutureTests.test_result_with_timeout
  @Test
  void get_zeroTimeout_eachState() throws Exception {
    assertThatThrownBy(() -> states.pending().get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    TaskFuture<Integer> running = states.running();
    assertThatThrownBy(() -> running.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> states.cancelled().get(0, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> states.failed().get(0, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(states.successful().get(0, TimeUnit.SECONDS)).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_result_with_success
  @Test
  void get_blockedThenRunElsewhere_returnsResult() throws Exception {
    TaskFuture<Integer> f = states.pending();
    AtomicReference<Integer> result = new AtomicReference<>();
    ThreadHandle waiter =
        ThreadHandle.platform("waiter", () -> result.set(getQuietly(f))).start();
    awaitBlocked(waiter);
    f.run();
    waiter.joinOrThrow();
    assertThat(result.get()).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_result_with_cancel
  @Test
  void get_blockedThenCancelled_throwsCancellation() throws Exception {
    TaskFuture<Integer> f = states.pending();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    ThreadHandle waiter =
        ThreadHandle.platform(
                "cancel-waiter",
                () -> {
                  try {
                    f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    thrown.set(e);
                  }
                })
            .start();
    awaitBlocked(waiter);
    f.cancel(false);
    waiter.joinOrThrow();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
  }

  // CPython: test_future.py FutureTests.test_exception_with_timeout
  @Test
  void exception_zeroTimeout_eachState() throws Exception {
    assertThatThrownBy(() -> states.pending().exception(Duration.ZERO)).isInstanceOf(TimeoutException.class);
    TaskFuture<Integer> running = states.running();
    assertThatThrownBy(() -> running.exception(Duration.ZERO)).isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> states.cancelled().exception(Duration.ZERO))
        .isInstanceOf(CancellationException.class);
    assertThat(states.failed().exception(Duration.ZERO)).isInstanceOf(IOException.class);
    assertThat(states.successful().exception(Duration.ZERO)).isNull();
    assertThatThrownBy(() -> states.successful().exception(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: test_future.py FutureTests.test_exception_with_success
  @Test
  void exception_blockedThenFails_returnsTheException() throws Exception {
    TaskFuture<Integer> f = new TaskFuture<>(() -> { throw new IOException("late"); });
    AtomicReference<Throwable> seen = new AtomicReference<>();
    ThreadHandle waiter =
        ThreadHandle.platform(
                "exception-waiter",
                () -> {
                  try {
                    seen.set(f.exception(LONG_DELAY));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .start();
    awaitBlocked(waiter);
    f.run();
    waiter.joinOrThrow();
    assertThat(seen.get()).isInstanceOf(IOException.class).hasMessage("late");
  }

  // CPython: test_future.py FutureTests.test_multiple_set_result -- difference: complete() on a done future
  // returns false instead of raising InvalidStateError; the first result stays
  @Test
  void complete_twice_secondReturnsFalseAndFirstStays() {
    TaskFuture<Integer> f = states.pending();
    assertThat(f.complete(1)).isTrue();
    assertThat(f.complete(2)).isFalse();
    assertThat(f.isDone()).isTrue();
    assertThat(f.join()).isEqualTo(1);
  }

  // CPython: test_future.py FutureTests.test_multiple_set_exception -- difference as above
  @Test
  void completeExceptionally_twice_secondReturnsFalseAndFirstStays() {
    TaskFuture<Integer> f = states.pending();
    IllegalArgumentException first = new IllegalArgumentException();
    assertThat(f.completeExceptionally(first)).isTrue();
    assertThat(f.completeExceptionally(new IllegalStateException())).isFalse();
    assertThat(f.exceptionNow()).isSameAs(first);
  }

  private static Integer getQuietly(TaskFuture<Integer> f) {
    try {
      return f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exception_hugeTimeout_noOverflow() throws Exception {
    assertThat(states.failed().exception(Duration.ofDays(365L * 1000))).isInstanceOf(IOException.class);
  }
}
