package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static dev.concurrency.threads.TestSupport.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TaskFuture as a RunnableFuture: the JSR-166 TCK's FutureTaskTest, ported. Where FutureTask counts calls of its
 * protected set/setException, these count runs of the task; "set" is CompletableFuture's complete.
 */
@Timeout(30)
final class FutureTaskConformanceTest {

  private static final Object ONE = new Object();
  private static final Object TWO = new Object();

  /** A task that counts its runs. */
  private static final class Counted implements Callable<Object> {
    final AtomicInteger runs = new AtomicInteger();
    private final Callable<Object> body;

    Counted(Callable<Object> body) {
      this.body = body;
    }

    @Override
    public Object call() throws Exception {
      runs.incrementAndGet();
      return body.call();
    }
  }

  /** Says it runs, waits for {@code proceed}, then records whether its thread was interrupted; returns TRUE. */
  private static Counted awaiting(CountDownLatch running, CountDownLatch proceed, AtomicBoolean interrupted) {
    return new Counted(
        () -> {
          running.countDown();
          proceed.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
          interrupted.set(Thread.interrupted());
          return Boolean.TRUE;
        });
  }

  private static Counted noOp() {
    return new Counted(() -> Boolean.TRUE);
  }

  /** Done: neither cancel nor another run nor another completion changes the outcome. */
  private static void checkIsDone(TaskFuture<Object> f, Counted task) {
    assertThat(f.isDone()).isTrue();
    assertThat(f.cancel(false)).isEqualTo(f.isCancelled());
    assertThat(f.cancel(true)).isEqualTo(f.isCancelled());
    int runs = task.runs.get();
    f.run();
    assertThat(task.runs).hasValue(runs);
    tryToConfuse(f);
    assertThat(f.isDone()).isTrue();
  }

  private static void tryToConfuse(TaskFuture<Object> f) {
    f.complete(new Object());
    f.completeExceptionally(new Error());
    f.cancel(true);
    f.cancel(false);
  }

  private static void checkCompletedNormally(TaskFuture<Object> f, Counted task, Object expected) throws Exception {
    checkIsDone(f, task);
    assertThat(f.isCancelled()).isFalse();
    assertThat(f.get()).isSameAs(expected);
    assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(expected);
  }

  private static void checkCancelled(TaskFuture<Object> f, Counted task) {
    checkIsDone(f, task);
    assertThat(f.isCancelled()).isTrue();
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(CancellationException.class);
  }

  private static void checkCompletedAbnormally(TaskFuture<Object> f, Counted task, Throwable t) {
    checkIsDone(f, task);
    assertThat(f.isCancelled()).isFalse();
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause().isSameAs(t);
    assertThatThrownBy(() -> f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(t);
  }

  private static void checkNotDone(Future<?> f) {
    assertThat(f.isDone()).isFalse();
    assertThat(f.isCancelled()).isFalse();
  }

  // JSR-166 TCK: FutureTaskTest.testConstructor
  @Test
  void constructor_nullCallable_throwsNullPointer() {
    assertThatThrownBy(() -> new TaskFuture<Void>((Callable<Void>) null)).isInstanceOf(NullPointerException.class);
  }

  // JSR-166 TCK: FutureTaskTest.testConstructor2
  @Test
  void constructor_nullRunnable_throwsNullPointer() {
    assertThatThrownBy(() -> new TaskFuture<>((Runnable) null, Boolean.TRUE)).isInstanceOf(NullPointerException.class);
  }

  // JSR-166 TCK: FutureTaskTest.testIsDone
  @Test
  void run_completesNormally() throws Exception {
    Counted task = noOp();
    TaskFuture<Object> f = new TaskFuture<>(task);
    assertThat(f.isDone()).isFalse();
    f.run();
    checkCompletedNormally(f, task, Boolean.TRUE);
    assertThat(task.runs).hasValue(1);
  }

  // JSR-166 TCK: FutureTaskTest.testSet
  @Test
  void complete_beforeRun_completesAndTaskNeverRuns() throws Exception {
    Counted task = noOp();
    TaskFuture<Object> f = new TaskFuture<>(task);
    assertThat(f.complete(ONE)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(f.get()).isSameAs(ONE);
      assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(ONE);
    }
    checkCompletedNormally(f, task, ONE);
    assertThat(task.runs).hasValue(0);
  }

  // JSR-166 TCK: FutureTaskTest.testSetException_get
  @Test
  void completeExceptionally_beforeRun_failsAndTaskNeverRuns() {
    Counted task = noOp();
    TaskFuture<Object> f = new TaskFuture<>(task);
    Exception nse = new NoSuchElementException();
    f.completeExceptionally(nse);
    checkCompletedAbnormally(f, task, nse);
    assertThat(task.runs).hasValue(0);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelBeforeRun, testCancelBeforeRun2
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void cancel_beforeRun_taskNeverRuns(boolean mayInterruptIfRunning) {
    Counted task = noOp();
    TaskFuture<Object> f = new TaskFuture<>(task);
    assertThat(f.cancel(mayInterruptIfRunning)).isTrue();
    f.run();
    assertThat(task.runs).hasValue(0);
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.isDone()).isTrue();
    checkCancelled(f, task);
    assertThat(task.runs).hasValue(0);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelAfterRun, testCancelAfterRun2
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void cancel_afterRun_returnsFalse(boolean mayInterruptIfRunning) throws Exception {
    Counted task = noOp();
    TaskFuture<Object> f = new TaskFuture<>(task);
    f.run();
    assertThat(f.cancel(mayInterruptIfRunning)).isFalse();
    assertThat(task.runs).hasValue(1);
    checkCompletedNormally(f, task, Boolean.TRUE);
    assertThat(task.runs).hasValue(1);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelInterrupt
  @Test
  void cancelWithInterrupt_running_interruptsTaskAndCancels() throws Exception {
    CountDownLatch pleaseCancel = new CountDownLatch(1);
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    AtomicBoolean flagClearedAfter = new AtomicBoolean();
    Counted task =
        new Counted(
            () -> {
              pleaseCancel.countDown();
              try {
                new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException success) {
                sawInterrupt.set(true);
              }
              flagClearedAfter.set(!Thread.interrupted());
              return Boolean.TRUE;
            });
    TaskFuture<Object> f = new TaskFuture<>(task);
    ThreadHandle t = ThreadHandle.platform("cancel-interrupt", f).start();
    pleaseCancel.await();
    assertThat(f.cancel(true)).isTrue();
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.isDone()).isTrue();
    t.joinOrThrow();
    assertThat(sawInterrupt).isTrue();
    assertThat(flagClearedAfter).isTrue();
    assertThat(task.runs).hasValue(1);
    checkCancelled(f, task);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelInterrupt_ThrowsSecurityException -- the interrupt cannot be
  // delivered (the thread refuses it); the future is cancelled all the same, as if by cancel(false)
  @Test
  void cancelWithInterrupt_interruptThrows_futureStillCancelled() throws Exception {
    CountDownLatch pleaseCancel = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    Counted task = awaiting(pleaseCancel, cancelled, interruptedAfter);
    TaskFuture<Object> f = new TaskFuture<>(task);
    Thread t =
        new Thread(f, "refuses-interrupt") {
          @Override
          public void interrupt() {
            throw new SecurityException("this thread cannot be interrupted");
          }
        };
    t.setDaemon(true);
    t.start();
    pleaseCancel.await();
    assertThatThrownBy(() -> f.cancel(true)).isInstanceOf(SecurityException.class);
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.isDone()).isTrue();
    cancelled.countDown();
    t.join(LONG_DELAY.toMillis());
    assertThat(t.isAlive()).isFalse();
    assertThat(interruptedAfter).isFalse();
    assertThat(task.runs).hasValue(1);
    checkCancelled(f, task);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelInterrupt_taskFails
  @Test
  void cancelWithInterrupt_taskThenThrows_staysCancelled() throws Exception {
    CountDownLatch pleaseCancel = new CountDownLatch(1);
    Counted task =
        new Counted(
            () -> {
              pleaseCancel.countDown();
              try {
                new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException success) {
                // and fail afterwards
              }
              throw new RuntimeException("after the interrupt");
            });
    TaskFuture<Object> f = new TaskFuture<>(task);
    ThreadHandle t = ThreadHandle.platform("cancel-fails", f).start();
    pleaseCancel.await();
    assertThat(f.cancel(true)).isTrue();
    assertThat(f.isCancelled()).isTrue();
    t.joinOrThrow();
    assertThat(task.runs).hasValue(1);
    checkCancelled(f, task);
  }

  // JSR-166 TCK: FutureTaskTest.testCancelNoInterrupt -- difference: Python's cancel() cannot cancel a running
  // task, so cancel(false) returns false, the task is not interrupted and its result stands
  @Test
  void cancelWithoutInterrupt_running_returnsFalseAndResultStands() throws Exception {
    CountDownLatch pleaseCancel = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean(true);
    Counted task = awaiting(pleaseCancel, cancelled, interrupted);
    TaskFuture<Object> f = new TaskFuture<>(task);
    ThreadHandle t = ThreadHandle.platform("cancel-no-interrupt", f).start();
    pleaseCancel.await();
    assertThat(f.cancel(false)).isFalse();
    assertThat(f.isCancelled()).isFalse();
    cancelled.countDown();
    t.joinOrThrow();
    assertThat(interrupted).isFalse();
    assertThat(task.runs).hasValue(1);
    checkCompletedNormally(f, task, Boolean.TRUE);
  }

  // JSR-166 TCK: FutureTaskTest.testGetRun
  @Test
  void get_waitersBlockedThenRun_bothReceiveResult() throws Exception {
    Counted task = new Counted(() -> TWO);
    TaskFuture<Object> f = new TaskFuture<>(task);
    List<ThreadHandle> waiters = startWaiters(f, TWO);
    checkNotDone(f);
    f.run();
    for (ThreadHandle w : waiters) {
      w.joinOrThrow();
    }
    checkCompletedNormally(f, task, TWO);
    assertThat(task.runs).hasValue(1);
  }

  // JSR-166 TCK: FutureTaskTest.testGetSet
  @Test
  void get_waitersBlockedThenComplete_bothReceiveValue() throws Exception {
    Counted task = new Counted(() -> TWO);
    TaskFuture<Object> f = new TaskFuture<>(task);
    List<ThreadHandle> waiters = startWaiters(f, TWO);
    checkNotDone(f);
    f.complete(TWO);
    for (ThreadHandle w : waiters) {
      w.joinOrThrow();
    }
    assertThat(task.runs).hasValue(0);
    checkCompletedNormally(f, task, TWO);
  }

  private static List<ThreadHandle> startWaiters(TaskFuture<Object> f, Object expected) {
    List<ThreadHandle> waiters = new ArrayList<>();
    waiters.add(
        ThreadHandle.platform(
                "untimed-get",
                () -> {
                  try {
                    assertThat(f.get()).isSameAs(expected);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .start());
    waiters.add(
        ThreadHandle.platform(
                "timed-get",
                () -> {
                  try {
                    assertThat(f.get(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(expected);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .start());
    for (ThreadHandle w : waiters) {
      awaitBlocked(w);
    }
    return waiters;
  }

  // JSR-166 TCK: FutureTaskTest.testTimedGet_Cancellation_interrupt -- waiters see the cancellation at once
  @Test
  void get_waitersBlockedThenCancelledWithInterrupt_bothSeeCancellation() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Counted task =
        new Counted(
            () -> {
              running.countDown();
              try {
                new CountDownLatch(1).await(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException success) {
                // cancelled
              }
              return TWO;
            });
    TaskFuture<Object> f = new TaskFuture<>(task);
    List<ThreadHandle> waiters = startCancellationWaiters(f);
    ThreadHandle runner = ThreadHandle.platform("runner", f).start();
    running.await();
    assertThat(f.isRunning()).isTrue();
    f.run(); // a second run does nothing
    checkNotDone(f);
    assertThat(f.cancel(true)).isTrue();
    checkCancelled(f, task);
    for (ThreadHandle w : waiters) {
      w.joinOrThrow();
    }
    runner.joinOrThrow();
    assertThat(task.runs).hasValue(1);
    checkCancelled(f, task);
  }

  // JSR-166 TCK: FutureTaskTest.testTimedGet_Cancellation -- difference: cancel(false) does not cancel the
  // running task, so the waiters receive its result once it ends
  @Test
  void get_waitersBlockedThenCancelledWithoutInterrupt_taskRunsOnAndWaitersGetResult() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    Counted task =
        new Counted(
            () -> {
              running.countDown();
              proceed.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              return TWO;
            });
    TaskFuture<Object> f = new TaskFuture<>(task);
    List<ThreadHandle> waiters = startWaiters(f, TWO);
    ThreadHandle runner = ThreadHandle.platform("runner", f).start();
    running.await();
    assertThat(f.cancel(false)).isFalse();
    checkNotDone(f);
    proceed.countDown();
    runner.joinOrThrow();
    for (ThreadHandle w : waiters) {
      w.joinOrThrow();
    }
    checkCompletedNormally(f, task, TWO);
  }

  private static List<ThreadHandle> startCancellationWaiters(TaskFuture<Object> f) {
    List<ThreadHandle> waiters = new ArrayList<>();
    for (boolean timed : new boolean[] {false, true}) {
      waiters.add(
          ThreadHandle.platform(
                  timed ? "timed-cancel-get" : "untimed-cancel-get",
                  () ->
                      assertThatThrownBy(
                              () -> {
                                if (timed) {
                                  f.get(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                                } else {
                                  f.get();
                                }
                              })
                          .isInstanceOf(CancellationException.class))
              .start());
    }
    for (ThreadHandle w : waiters) {
      awaitBlocked(w);
    }
    return waiters;
  }

  // JSR-166 TCK: FutureTaskTest.testGet_ExecutionException, testTimedGet_ExecutionException2
  @Test
  void get_taskThrew_executionExceptionWithThatCause() {
    ArithmeticException e = new ArithmeticException();
    Counted task = new Counted(() -> { throw e; });
    TaskFuture<Object> f = new TaskFuture<>(task);
    f.run();
    assertThat(task.runs).hasValue(1);
    checkCompletedAbnormally(f, task, e);
  }

  // JSR-166 TCK: FutureTaskTest.testGet_Interruptible, testTimedGet_Interruptible
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void get_interrupted_throwsInterruptedAndClearsStatus(boolean timed) throws Exception {
    TaskFuture<Object> f = new TaskFuture<>(noOp());
    CountDownLatch pleaseInterrupt = new CountDownLatch(1);
    AtomicReference<String> problem = new AtomicReference<>();
    ThreadHandle t =
        ThreadHandle.platform(
                "interruptible-get",
                () -> {
                  Thread.currentThread().interrupt();
                  expectInterrupted(f, timed, problem, "already interrupted");
                  pleaseInterrupt.countDown();
                  expectInterrupted(f, timed, problem, "interrupted while blocked");
                })
            .start();
    pleaseInterrupt.await();
    awaitBlocked(t);
    t.interrupt();
    t.joinOrThrow();
    assertThat(problem.get()).isNull();
    checkNotDone(f);
  }

  private static void expectInterrupted(
      TaskFuture<Object> f, boolean timed, AtomicReference<String> problem, String when) {
    try {
      if (timed) {
        f.get(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        f.get();
      }
      problem.set(when + ": get returned");
    } catch (InterruptedException expected) {
      if (Thread.interrupted()) {
        problem.set(when + ": interrupt status still set");
      }
    } catch (Exception e) {
      problem.set(when + ": " + e);
    }
  }

  // JSR-166 TCK: FutureTaskTest.testGet_TimeoutException
  @Test
  void timedGet_pending_throwsTimeoutAfterTheTimeout() {
    TaskFuture<Object> f = new TaskFuture<>(noOp());
    long start = System.nanoTime();
    assertThatThrownBy(() -> f.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(20);
  }

  // JSR-166 TCK: FutureTaskTest.testGet_NullTimeUnit
  @Test
  void timedGet_nullUnit_throwsNullPointerBeforeAndAfterRun() {
    TaskFuture<Object> f = new TaskFuture<>(noOp());
    for (long timeout : new long[] {Long.MIN_VALUE, 0L, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> f.get(timeout, null)).isInstanceOf(NullPointerException.class);
    }
    f.run();
    for (long timeout : new long[] {Long.MIN_VALUE, 0L, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> f.get(timeout, null)).isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: FutureTaskTest.testGet_NegativeInfinityTimeout -- from several threads at once
  @Test
  void timedGet_zeroOrNegativeTimeout_throwsTimeoutAtOnce() throws Exception {
    TaskFuture<Void> f = new TaskFuture<>(() -> {}, null);
    try {
      TestSupport.runConcurrently(
          4,
          () -> {
            for (long timeout : new long[] {0L, -1L, Long.MIN_VALUE}) {
              assertThatThrownBy(() -> f.get(timeout, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
            }
          });
    } finally {
      f.run();
    }
  }

  // JSR-166 TCK: FutureTaskTest.testToString_incomplete, testToString_normal, testToString_exception,
  // testToString_cancelled
  @Test
  void toString_eachState_usesFutureTasksWords() {
    TaskFuture<String> incomplete = new TaskFuture<>(() -> "");
    assertThat(incomplete.toString()).matches(".*\\[.*Not completed.*]");
    TaskFuture<String> normal = new TaskFuture<>(() -> "");
    normal.run();
    assertThat(normal.toString()).matches(".*\\[.*Completed normally.*]");
    TaskFuture<String> exception = new TaskFuture<>(() -> { throw new ArithmeticException(); });
    exception.run();
    assertThat(exception.toString()).matches(".*\\[.*Completed exceptionally.*]");
    for (boolean mayInterruptIfRunning : new boolean[] {true, false}) {
      TaskFuture<String> cancelled = new TaskFuture<>(() -> "");
      assertThat(cancelled.cancel(mayInterruptIfRunning)).isTrue();
      assertThat(cancelled.toString()).matches(".*\\[.*Cancelled.*]");
    }
  }
}
