package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's {@code test_concurrent_futures/test_wait.py}, {@code test_as_completed.py} and {@code test_future.py},
 * ported to this pool's futures. They are {@link CompletableFuture}s, so Python's module functions map onto the
 * JDK's composition: {@code wait(fs, FIRST_COMPLETED)} is {@code CompletableFuture.anyOf(fs)},
 * {@code wait(fs, ALL_COMPLETED, timeout)} is {@code allOf(fs).get(timeout)}, and {@code as_completed(fs)} is a
 * queue each future adds itself to when it completes ({@link #asCompleted}). The finished, failed and cancelled
 * futures the upstream tests build by hand are {@code completedFuture}, {@code failedFuture} and a cancelled one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class FuturesConformanceTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private ProcessPool executor;

  @BeforeAll
  void startExecutor() {
    executor = ProcessPool.builder().maxWorkers(2).jvmOptions(TestJvm.options()).output(output.out).build();
  }

  @AfterAll
  void stopExecutor() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  private static final CompletableFuture<Object> SUCCESSFUL = CompletableFuture.completedFuture(42);
  private static final CompletableFuture<Object> EXCEPTION = CompletableFuture.failedFuture(new IOException());

  private static CompletableFuture<Object> cancelled() {
    CompletableFuture<Object> future = new CompletableFuture<>();
    future.cancel(/* mayInterruptIfRunning= */ false);
    return future;
  }

  static int mul(int x, int y) {
    return x * y;
  }

  static Object sleep(long millis) {
    PoolApi314Test.pause(millis);
    return null;
  }

  static Object sleepAndRaise(long millis) {
    sleep(millis);
    throw new IllegalStateException("this is an exception");
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<Object> submit(SerializableCallable<T> task) {
    return (CompletableFuture<Object>) executor.submit(task);
  }

  private static Set<CompletableFuture<?>> done(Collection<? extends CompletableFuture<?>> futures) {
    Set<CompletableFuture<?>> done = new LinkedHashSet<>();
    futures.stream().filter(CompletableFuture::isDone).forEach(done::add);
    return done;
  }

  private static Set<CompletableFuture<?>> notDone(Collection<? extends CompletableFuture<?>> futures) {
    Set<CompletableFuture<?>> pending = new LinkedHashSet<>(futures);
    pending.removeAll(done(futures));
    return pending;
  }

  /** {@code wait(fs, FIRST_EXCEPTION)}: returns when one fails or all are done. */
  private static void awaitFirstException(List<CompletableFuture<Object>> futures) throws Exception {
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    futures.forEach(f -> f.whenComplete((v, e) -> {
      if (e != null && !(e instanceof CancellationException)) {
        firstFailure.complete(null);
      }
    }));
    CompletableFuture.anyOf(firstFailure, CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
        .exceptionally(e -> null)
        .get(LIMIT_S, TimeUnit.SECONDS);
  }

  /** {@code as_completed(fs, timeout)}: each distinct future once, finished ones first, then as they complete. */
  static <F extends CompletableFuture<?>> List<F> asCompleted(Collection<F> futures, Duration timeout) throws TimeoutException {
    Set<F> distinct = new LinkedHashSet<>(futures);
    LinkedBlockingQueue<F> completed = new LinkedBlockingQueue<>();
    distinct.forEach(f -> f.whenComplete((v, e) -> completed.add(f)));
    List<F> order = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (order.size() < distinct.size()) {
      F next;
      try {
        next = completed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
      if (next == null) {
        throw new TimeoutException((distinct.size() - order.size()) + " (of " + distinct.size() + ") futures unfinished");
      }
      order.add(next);
    }
    return order;
  }

  // CPython: test_wait.py WaitTests.test_20369
  @Test
  void waitAll_theSameFutureTwice_doneOnce() throws Exception {
    CompletableFuture<Object> future = submit(() -> sleep(300));

    CompletableFuture.allOf(future, future).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(done(List.of(future, future))).containsExactly(future);
  }

  // CPython: test_wait.py WaitTests.test_first_completed
  @Test
  void waitFirstCompleted_theQuickOneIsDone_theOthersNot() throws Exception {
    CompletableFuture<Object> cancelledButNotNotified = new CompletableFuture<>();
    CompletableFuture<Object> future1 = submit(() -> mul(21, 2));
    CompletableFuture<Object> future2 = submit(() -> sleep(1_500));
    List<CompletableFuture<Object>> all = List.of(cancelledButNotNotified, future1, future2);

    CompletableFuture.anyOf(future1, future2).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(done(all)).containsExactly(future1);
    assertThat(notDone(all)).containsExactlyInAnyOrder(cancelledButNotNotified, future2);
  }

  // CPython: test_wait.py WaitTests.test_first_completed_some_already_completed
  @Test
  void waitFirstCompleted_theAlreadyFinishedOnesCount() throws Exception {
    CompletableFuture<Object> cancelled = cancelled();
    CompletableFuture<Object> future1 = submit(() -> sleep(1_500));
    List<CompletableFuture<Object>> all = List.of(cancelled, SUCCESSFUL, future1);

    CompletableFuture.anyOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(done(all)).containsExactlyInAnyOrder(cancelled, SUCCESSFUL);
    assertThat(notDone(all)).containsExactly(future1);
  }

  // CPython: test_wait.py WaitTests.test_first_exception
  @Test
  void waitFirstException_returnsOnTheFailure_theSlowOneStillRuns() throws Exception {
    CompletableFuture<Object> future1 = submit(() -> mul(2, 21));
    CompletableFuture<Object> future2 = submit(() -> sleepAndRaise(1_500));
    CompletableFuture<Object> future3 = submit(() -> sleep(3_000));
    List<CompletableFuture<Object>> all = List.of(future1, future2, future3);

    awaitFirstException(all);

    assertThat(done(all)).containsExactlyInAnyOrder(future1, future2);
    assertThat(notDone(all)).containsExactly(future3);
  }

  // CPython: test_wait.py WaitTests.test_first_exception_some_already_complete
  @Test
  void waitFirstException_finishedAndCancelledOnesCount() throws Exception {
    CompletableFuture<Object> pendingCancelled = new CompletableFuture<>();
    CompletableFuture<Object> cancelled = cancelled();
    CompletableFuture<Object> future1 = submit(() -> Math.floorDiv(21, 0));
    CompletableFuture<Object> future2 = submit(() -> sleep(1_500));
    List<CompletableFuture<Object>> all = List.of(SUCCESSFUL, pendingCancelled, cancelled, future1, future2);

    awaitFirstException(all);

    assertThat(done(all)).containsExactlyInAnyOrder(SUCCESSFUL, cancelled, future1);
    assertThat(notDone(all)).containsExactlyInAnyOrder(pendingCancelled, future2);
  }

  // CPython: test_wait.py WaitTests.test_first_exception_one_already_failed
  @Test
  void waitFirstException_anAlreadyFailedOne_returnsAtOnce() throws Exception {
    CompletableFuture<Object> future1 = submit(() -> sleep(2_000));
    List<CompletableFuture<Object>> all = List.of(EXCEPTION, future1);

    awaitFirstException(all);

    assertThat(done(all)).containsExactly(EXCEPTION);
    assertThat(notDone(all)).containsExactly(future1);
  }

  // CPython: test_wait.py WaitTests.test_all_completed
  @Test
  void waitAll_everyOneDone_whateverItsOutcome() throws Exception {
    CompletableFuture<Object> cancelled = cancelled();
    CompletableFuture<Object> future1 = submit(() -> Math.floorDiv(2, 0));
    CompletableFuture<Object> future2 = submit(() -> mul(2, 21));
    List<CompletableFuture<Object>> all = List.of(SUCCESSFUL, cancelled, EXCEPTION, future1, future2);

    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(done(all)).containsExactlyInAnyOrderElementsOf(all);
    assertThat(notDone(all)).isEmpty();
  }

  // CPython: test_wait.py WaitTests.test_timeout
  @Test
  void waitAll_withATimeout_theSlowOneIsNotDone() {
    CompletableFuture<Object> cancelled = cancelled();
    CompletableFuture<Object> future = submit(() -> sleep(2_000));
    List<CompletableFuture<Object>> all = List.of(cancelled, EXCEPTION, SUCCESSFUL, future);

    assertThatThrownBy(() -> CompletableFuture.allOf(future).get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

    assertThat(done(all)).containsExactlyInAnyOrder(cancelled, EXCEPTION, SUCCESSFUL);
    assertThat(notDone(all)).containsExactly(future);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_no_timeout
  @Test
  void asCompleted_everyFutureOnce() throws Exception {
    CompletableFuture<Object> cancelled = cancelled();
    CompletableFuture<Object> future1 = submit(() -> mul(2, 21));
    CompletableFuture<Object> future2 = submit(() -> mul(7, 6));
    List<CompletableFuture<Object>> all = List.of(cancelled, EXCEPTION, SUCCESSFUL, future1, future2);

    assertThat(asCompleted(all, Duration.ofSeconds(LIMIT_S))).containsExactlyInAnyOrderElementsOf(all);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_future_times_out
  @Test
  void asCompleted_timesOutBeforeTheSlowOne_afterTheFinishedOnes() {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(100))) {
      CompletableFuture<Object> cancelled = cancelled();
      CompletableFuture<Object> future = submit(() -> sleep(1_000));
      List<CompletableFuture<?>> seen = new ArrayList<>();
      Set<CompletableFuture<?>> distinct = new LinkedHashSet<>(List.of(cancelled, EXCEPTION, SUCCESSFUL, future));
      LinkedBlockingQueue<CompletableFuture<?>> completed = new LinkedBlockingQueue<>();
      distinct.forEach(f -> f.whenComplete((v, e) -> completed.add(f)));

      long deadline = System.nanoTime() + timeout.toNanos();
      CompletableFuture<?> next;
      try {
        while ((next = completed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
          seen.add(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }

      assertThat(seen).containsExactlyInAnyOrder(cancelled, EXCEPTION, SUCCESSFUL);
    }
  }

  // CPython: test_as_completed.py AsCompletedTests.test_duplicate_futures
  @Test
  void asCompleted_theSameFutureThrice_yieldedOnce() throws Exception {
    CompletableFuture<Object> future1 = submit(() -> sleep(300));

    assertThat(asCompleted(List.of(future1, future1, future1), Duration.ofSeconds(LIMIT_S))).hasSize(1);
  }

  // CPython: test_as_completed.py AsCompletedTests.test_correct_timeout_exception_msg
  @Test
  void asCompleted_timeoutMessage_countsTheUnfinished() {
    List<CompletableFuture<Object>> all = List.of(cancelled(), new CompletableFuture<>(), new CompletableFuture<>(), SUCCESSFUL);

    assertThatThrownBy(() -> asCompleted(all, Duration.ZERO))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("2 (of 4) futures unfinished");
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_result
  @Test
  void doneCallback_seesTheResult() throws Exception {
    AtomicReference<Object> seen = new AtomicReference<>();

    submit(() -> 5).whenComplete((value, error) -> seen.set(value)).get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(seen.get()).isEqualTo(5);
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_exception
  @Test
  void doneCallback_seesTheException() {
    AtomicReference<Throwable> seen = new AtomicReference<>();

    CompletableFuture<Object> future = submit(() -> sleepAndRaise(0)).whenComplete((value, error) -> seen.set(error));

    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(seen.get()).isInstanceOf(RemoteException.class).hasMessageContaining("this is an exception");
  }

  // CPython: test_future.py FutureTests.test_done_callback_with_cancel
  @Test
  void doneCallback_seesTheCancellation() throws Exception {
    ProcessPool one = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).output(output.out).build();
    try {
      one.submit(() -> sleep(1_000));
      one.submit(() -> 0); // held by the worker: the next one waits in the pool's queue
      CompletableFuture<Integer> queued = one.submit(() -> 1);
      AtomicReference<Throwable> seen = new AtomicReference<>();
      queued.whenComplete((value, error) -> seen.set(error));

      assertThat(queued.cancel(/* mayInterruptIfRunning= */ false)).isTrue();

      assertThat(seen.get()).isInstanceOf(CancellationException.class);
    } finally {
      one.shutdownNow();
      assertThat(one.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  // CPython: test_future.py FutureTests.test_done_callback_raises
  @Test
  void doneCallbackThatThrows_doesNotKeepTheOthersFromRunning() throws Exception {
    AtomicReference<Object> second = new AtomicReference<>();
    CompletableFuture<Object> future = submit(() -> 5);

    CompletableFuture<Object> raising = future.whenComplete((value, error) -> {
      throw new IllegalStateException("doh!");
    });
    future.whenComplete((value, error) -> second.set(value));
    future.get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(second.get()).isEqualTo(5);
    assertThatThrownBy(raising::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_successful
  @Test
  void doneCallback_onAFinishedFuture_runsAtOnce_withTheResult() throws Exception {
    CompletableFuture<Object> future = submit(() -> 5);
    future.get(LIMIT_S, TimeUnit.SECONDS);
    AtomicReference<Object> seen = new AtomicReference<>();

    future.whenComplete((value, error) -> seen.set(value));

    assertThat(seen.get()).isEqualTo(5);
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_failed
  @Test
  void doneCallback_onAFailedFuture_runsAtOnce_withTheException() {
    CompletableFuture<Object> future = submit(() -> sleepAndRaise(0));
    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    AtomicReference<Throwable> seen = new AtomicReference<>();

    future.whenComplete((value, error) -> seen.set(error));

    assertThat(seen.get()).isInstanceOf(RemoteException.class);
  }

  // CPython: test_future.py FutureTests.test_done_callback_already_cancelled
  @Test
  void doneCallback_onACancelledFuture_runsAtOnce() {
    CompletableFuture<Object> future = cancelled();
    AtomicReference<Throwable> seen = new AtomicReference<>();

    future.whenComplete((value, error) -> seen.set(error));

    assertThat(seen.get()).isInstanceOf(CancellationException.class);
  }

  // CPython: test_future.py FutureTests.test_done_callback_raises_already_succeeded
  @Test
  void doneCallbackThatThrows_onAFinishedFuture_theExceptionStaysInItsStage() throws Exception {
    CompletableFuture<Object> future = submit(() -> 5);
    future.get(LIMIT_S, TimeUnit.SECONDS);

    CompletableFuture<Object> raising = future.whenComplete((value, error) -> {
      throw new IllegalStateException("doh!");
    });

    assertThat(raising).isCompletedExceptionally();
    assertThat(future.get()).isEqualTo(5);
  }

  // CPython: test_future.py FutureTests.test_repr (the JDK's form, with the task named)
  @Test
  void toString_namesTheTaskAndItsState() throws Exception {
    CompletableFuture<Object> future = submit(() -> 5);
    future.get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(future.toString()).startsWith("PoolFuture(task #").contains("Completed normally");
  }

  // CPython: test_future.py FutureTests.test_cancel
  @Test
  void cancel_pendingYes_runningNo_finishedNo_cancelledStillYes() throws Exception {
    ProcessPool one = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).output(output.out).build();
    try {
      CompletableFuture<Object> running = one.submit(() -> sleep(1_000));
      one.submit(() -> 0);
      CompletableFuture<Integer> pending = one.submit(() -> 1);

      assertThat(pending.cancel(/* mayInterruptIfRunning= */ false)).isTrue();
      assertThat(pending.isCancelled()).isTrue();
      assertThat(pending.cancel(/* mayInterruptIfRunning= */ false)).as("cancelled already: still true").isTrue();
      assertThat(running.cancel(/* mayInterruptIfRunning= */ false)).isFalse();
      running.get(LIMIT_S, TimeUnit.SECONDS);
      assertThat(running.cancel(/* mayInterruptIfRunning= */ false)).as("finished").isFalse();
      assertThat(EXCEPTION.cancel(/* mayInterruptIfRunning= */ false)).isFalse();
      assertThat(SUCCESSFUL.cancel(/* mayInterruptIfRunning= */ false)).isFalse();
    } finally {
      one.shutdownNow();
      assertThat(one.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  // CPython: test_future.py FutureTests.test_cancelled
  @Test
  void isCancelled_onlyForCancelledFutures() throws Exception {
    CompletableFuture<Object> running = submit(() -> sleep(300));

    assertThat(running.isCancelled()).isFalse();
    assertThat(cancelled().isCancelled()).isTrue();
    assertThat(EXCEPTION.isCancelled()).isFalse();
    assertThat(SUCCESSFUL.isCancelled()).isFalse();
    running.get(LIMIT_S, TimeUnit.SECONDS);
  }

  // CPython: test_future.py FutureTests.test_done
  @Test
  void isDone_forFinishedFailedAndCancelled_notForRunning() throws Exception {
    CompletableFuture<Object> running = submit(() -> sleep(300));

    assertThat(running.isDone()).isFalse();
    assertThat(cancelled().isDone()).isTrue();
    assertThat(EXCEPTION.isDone()).isTrue();
    assertThat(SUCCESSFUL.isDone()).isTrue();
    running.get(LIMIT_S, TimeUnit.SECONDS);
    assertThat(running.isDone()).isTrue();
  }

  // CPython: test_future.py FutureTests.test_result_with_timeout
  @Test
  void get_withATimeout_onARunningTask_timesOut() {
    CompletableFuture<Object> running = submit(() -> sleep(1_000));

    assertThatThrownBy(() -> running.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(SUCCESSFUL.join()).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_result_with_success
  @Test
  void get_waitsForTheResult() throws Exception {
    assertThat(submit(() -> sleep(200)).get(LIMIT_S, TimeUnit.SECONDS)).isNull();
    assertThat(submit(() -> 42).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
  }

  // CPython: test_future.py FutureTests.test_result_with_cancel
  @Test
  void get_onACancelledFuture_throwsCancellation() {
    CompletableFuture<Object> future = cancelled();

    assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
  }

  // CPython: test_future.py FutureTests.test_exception_with_timeout
  @Test
  void exceptionNow_beforeItIsDone_isRefused_andAWaitTimesOut() {
    CompletableFuture<Object> running = submit(() -> sleep(1_000));

    assertThatThrownBy(running::exceptionNow).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> running.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
  }

  // CPython: test_future.py FutureTests.test_exception_with_success
  @Test
  void exceptionNow_afterTheTaskFailed_isItsException() {
    CompletableFuture<Object> future = submit(() -> sleepAndRaise(100));

    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(future.exceptionNow()).isInstanceOf(RemoteException.class);
  }

  // CPython: test_future.py FutureTests.test_multiple_set_result (the JDK's contract: a second completion is refused)
  @Test
  void completeTwice_theSecondIsRefused_theResultStays() throws Exception {
    CompletableFuture<Object> future = submit(() -> 1);
    future.get(LIMIT_S, TimeUnit.SECONDS);

    assertThat(future.complete(2)).isFalse();
    assertThat(future.get()).isEqualTo(1);
  }

  // CPython: test_future.py FutureTests.test_multiple_set_exception
  @Test
  void completeExceptionallyAfterAFailure_refused_theFirstExceptionStays() {
    CompletableFuture<Object> future = submit(() -> sleepAndRaise(0));
    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

    assertThat(future.completeExceptionally(new IllegalArgumentException())).isFalse();
    assertThat(future.exceptionNow()).isInstanceOf(RemoteException.class);
  }
}
