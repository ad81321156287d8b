package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ExecutorService contract, run on every executor of this module: the JSR-166 TCK's
 * AbstractExecutorServiceTest, and the cases of ThreadPoolExecutorTest and ScheduledExecutorTest that hold for
 * any ExecutorService, ported.
 */
@Timeout(60)
final class ExecutorServiceContractTest {

  private static final String TEST_STRING = "a test string";

  /** Every executor of the module, with two workers where it has a number of them. */
  enum Kind {
    THREAD_POOL(() -> ThreadPool.builder().workers(2).name("contract-pool").build()),
    VIRTUAL_PER_TASK(() -> ThreadPool.virtualPerTask("contract-virtual-")),
    PRIORITY(() -> PriorityExecutor.builder().workers(2).name("contract-priority").build()),
    SCHEDULED(() -> ScheduledExecutor.builder().workers(2).name("contract-scheduled").build());

    private final Supplier<ExecutorService> factory;

    Kind(Supplier<ExecutorService> factory) {
      this.factory = factory;
    }

    ExecutorService make() {
      return factory.get();
    }
  }

  private static Callable<String> stringTask(String s) {
    return () -> s;
  }

  private static Callable<String> npeTask() {
    return () -> {
      throw new NullPointerException("from the task");
    };
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testExecuteRunnable
  @ParameterizedTest
  @EnumSource(Kind.class)
  void submitRunnable_runsAndCompletesWithNull(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      AtomicBoolean done = new AtomicBoolean();
      Future<?> future = e.submit(() -> done.set(true));
      assertThat(future.get()).isNull();
      assertThat(future.get(0, TimeUnit.MILLISECONDS)).isNull();
      assertThat(done.get()).isTrue();
      assertThat(future.isDone()).isTrue();
      assertThat(future.isCancelled()).isFalse();
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testSubmitCallable, ThreadPoolExecutorTest.testSubmitCallable,
  // ScheduledExecutorTest.testSubmitCallable
  @ParameterizedTest
  @EnumSource(Kind.class)
  void submitCallable_returnsItsResult(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      assertThat(e.submit(stringTask(TEST_STRING)).get()).isSameAs(TEST_STRING);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testSubmitRunnable, testSubmitRunnable2 (and the same in
  // ThreadPoolExecutorTest and ScheduledExecutorTest)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void submitRunnableWithResult_returnsTheGivenResult(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      Future<?> plain = e.submit(() -> {});
      plain.get();
      assertThat(plain.isDone()).isTrue();
      assertThat(e.submit(() -> {}, TEST_STRING).get()).isSameAs(TEST_STRING);
    }
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testExecute, ScheduledExecutorTest.testExecute
  @ParameterizedTest
  @EnumSource(Kind.class)
  void execute_runsTheTask(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      CountDownLatch done = new CountDownLatch(1);
      e.execute(done::countDown);
      assertThat(done.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testNullTaskSubmission (and in ThreadPoolExecutorTest,
  // ScheduledExecutorTest)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void nullTask_everySubmissionMethodThrowsNullPointer(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.execute(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.submit((Runnable) null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.submit((Runnable) null, Boolean.TRUE)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.submit((Callable<?>) null)).isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInterruptedSubmit, ThreadPoolExecutorTest.testInterruptedSubmit
  @ParameterizedTest
  @EnumSource(Kind.class)
  void get_submitterInterruptedWhileWaiting_throwsInterruptedException(Kind kind) throws Exception {
    CountDownLatch quittingTime = new CountDownLatch(1);
    try (ExecutorService e = kind.make()) {
      CountDownLatch submitted = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      ThreadHandle t =
          ThreadHandle.platform(
                  "interrupted-submitter",
                  () -> {
                    Future<Boolean> f = e.submit(() -> quittingTime.await(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS));
                    submitted.countDown();
                    try {
                      f.get();
                    } catch (InterruptedException expected) {
                      interrupted.set(true);
                    } catch (ExecutionException unexpected) {
                      throw new IllegalStateException(unexpected);
                    }
                  })
              .start();
      submitted.await();
      TestSupport.awaitBlocked(t);
      t.interrupt();
      t.joinOrThrow();
      assertThat(interrupted).isTrue();
      quittingTime.countDown(); // before close(), which waits for the task
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testSubmitEE
  @ParameterizedTest
  @EnumSource(Kind.class)
  void submit_taskThrows_getThrowsExecutionExceptionWithCause(Kind kind) {
    try (ExecutorService e = kind.make()) {
      Future<Object> f = e.submit(() -> { throw new ArithmeticException(); });
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ArithmeticException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAny1, testTimedInvokeAny1 (and in ThreadPoolExecutorTest,
  // ScheduledExecutorTest)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_nullCollection_throwsNullPointer(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.invokeAny(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.invokeAny(null, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testTimedInvokeAnyNullTimeUnit (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_nullTimeUnit_throwsNullPointer(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.invokeAny(List.of(stringTask(TEST_STRING)), 1, null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAny2, testTimedInvokeAny2 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_emptyCollection_throwsIllegalArgument(Kind kind) {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> none = Collections.emptyList();
      assertThatThrownBy(() -> e.invokeAny(none)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> e.invokeAny(none, 1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAny3, testTimedInvokeAny3 (and in the others). Here the
  // null is found before any task runs.
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_nullElement_throwsNullPointerBeforeRunningAnything(Kind kind) {
    try (ExecutorService e = kind.make()) {
      AtomicInteger ran = new AtomicInteger();
      List<Callable<Integer>> tasks = new ArrayList<>();
      tasks.add(ran::incrementAndGet);
      tasks.add(null);
      assertThatThrownBy(() -> e.invokeAny(tasks)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.invokeAny(tasks, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
      assertThat(ran).hasValue(0);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAny4, testTimedInvokeAny4 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_allFail_throwsExecutionException(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.invokeAny(List.of(npeTask())))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.invokeAny(List.of(npeTask()), LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAny5, testTimedInvokeAny5 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_someSucceed_returnsOneResult(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> tasks = List.of(stringTask(TEST_STRING), stringTask(TEST_STRING));
      assertThat(e.invokeAny(tasks)).isSameAs(TEST_STRING);
      assertThat(e.invokeAny(tasks, LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(TEST_STRING);
    }
  }

  // invokeAny cancels the others once it has a result: a task still running is interrupted
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_oneSucceeds_cancelsAndInterruptsTheRest(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      CountDownLatch slowStarted = new CountDownLatch(1);
      CountDownLatch slowInterrupted = new CountDownLatch(1);
      Callable<String> slow =
          () -> {
            slowStarted.countDown();
            try {
              new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException expected) {
              slowInterrupted.countDown();
            }
            return "slow";
          };
      Callable<String> fast =
          () -> {
            slowStarted.await(); // answer only once the slow one runs, so there is something to cancel
            return "fast";
          };
      assertThat(e.invokeAny(List.of(slow, fast))).isEqualTo("fast");
      assertThat(slowInterrupted.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  // invokeAny with a deadline that passes: TimeoutException, and the tasks are cancelled
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAny_deadlinePasses_throwsTimeoutAndInterruptsTasks(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      CountDownLatch interrupted = new CountDownLatch(1);
      Callable<String> blocked =
          () -> {
            try {
              new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException expected) {
              interrupted.countDown();
            }
            return "late";
          };
      assertThatThrownBy(() -> e.invokeAny(List.of(blocked), 10, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThat(interrupted.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAll1, testTimedInvokeAll1 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_nullCollection_throwsNullPointer(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.invokeAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.invokeAll(null, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testTimedInvokeAllNullTimeUnit (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_nullTimeUnit_throwsNullPointer(Kind kind) {
    try (ExecutorService e = kind.make()) {
      assertThatThrownBy(() -> e.invokeAll(List.of(stringTask(TEST_STRING)), 1, null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAll2, testTimedInvokeAll2 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_emptyCollection_returnsEmptyList(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> none = Collections.emptyList();
      assertThat(e.invokeAll(none)).isEmpty();
      assertThat(e.invokeAll(none, 1, TimeUnit.SECONDS)).isEmpty();
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAll3, testTimedInvokeAll3 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_nullElement_throwsNullPointerBeforeRunningAnything(Kind kind) {
    try (ExecutorService e = kind.make()) {
      AtomicInteger ran = new AtomicInteger();
      List<Callable<Integer>> tasks = new ArrayList<>();
      tasks.add(ran::incrementAndGet);
      tasks.add(null);
      assertThatThrownBy(() -> e.invokeAll(tasks)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> e.invokeAll(tasks, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
      assertThat(ran).hasValue(0);
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAll4, testTimedInvokeAll4 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_taskFails_itsFutureHoldsTheFailure(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      for (List<Future<String>> futures :
          List.of(e.invokeAll(List.of(npeTask())), e.invokeAll(List.of(npeTask()), LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))) {
        assertThat(futures).hasSize(1);
        assertThatThrownBy(() -> futures.get(0).get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(NullPointerException.class);
      }
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testInvokeAll5, testTimedInvokeAll5 (and in the others)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void invokeAll_allSucceed_everyFutureDoneWithItsResult(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> tasks = List.of(stringTask(TEST_STRING), stringTask(TEST_STRING));
      for (List<Future<String>> futures :
          List.of(e.invokeAll(tasks), e.invokeAll(tasks, LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))) {
        assertThat(futures).hasSize(2);
        for (Future<String> f : futures) {
          assertThat(f.isDone()).isTrue();
          assertThat(f.get()).isSameAs(TEST_STRING);
        }
      }
    }
  }

  // JSR-166 TCK: AbstractExecutorServiceTest.testTimedInvokeAll6, ThreadPoolExecutorTest.testTimedInvokeAll6,
  // ScheduledExecutorTest.testTimedInvokeAll6 -- every returned future is done; the one still running at the
  // deadline is cancelled and its thread interrupted
  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedInvokeAll_deadlinePasses_returnsOnlyDoneFuturesAndInterruptsTheRunning(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      CountDownLatch interrupted = new CountDownLatch(1);
      Callable<String> waiter =
          () -> {
            try {
              new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException expected) {
              interrupted.countDown();
            }
            return "1";
          };
      long timeout = 50;
      long start = System.nanoTime();
      List<Future<String>> futures =
          e.invokeAll(List.of(stringTask("0"), waiter, stringTask("2")), timeout, TimeUnit.MILLISECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
      assertThat(futures).hasSize(3).allSatisfy(f -> assertThat(f.isDone()).isTrue());
      assertThat(futures.get(1).isCancelled()).isTrue();
      assertThat(interrupted.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      // with two workers the other two ran before the deadline; a one-worker executor may have had to cancel "2"
      assertThat(futures.get(0).get()).isEqualTo("0");
      assertThat(futures.get(2).get()).isEqualTo("2");
    }
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testIsShutdown, ScheduledExecutorTest.testIsShutdown
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdown_isShutdownThenTerminated(Kind kind) throws Exception {
    ExecutorService e = kind.make();
    assertThat(e.isShutdown()).isFalse();
    e.shutdown();
    assertThat(e.isShutdown()).isTrue();
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(e.isTerminated()).isTrue();
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testAwaitTermination_timesOut
  @ParameterizedTest
  @EnumSource(Kind.class)
  void awaitTermination_notShutDown_timesOutFalse(Kind kind) throws Exception {
    ExecutorService e = kind.make();
    try {
      assertThat(e.isTerminated()).isFalse();
      assertThat(e.awaitTermination(Long.MIN_VALUE, TimeUnit.NANOSECONDS)).isFalse();
      assertThat(e.awaitTermination(Long.MIN_VALUE, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(e.awaitTermination(-1L, TimeUnit.NANOSECONDS)).isFalse();
      assertThat(e.awaitTermination(0L, TimeUnit.MILLISECONDS)).isFalse();
      long start = System.nanoTime();
      assertThat(e.awaitTermination(999_999L, TimeUnit.NANOSECONDS)).isFalse();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(999_999L);
      assertThat(e.isTerminated()).isFalse();
    } finally {
      e.shutdown();
    }
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(e.isTerminated()).isTrue();
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testIsTerminated, ScheduledExecutorTest.testIsTerminated
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdown_withRunningTask_terminatesOnlyAfterIt(Kind kind) throws Exception {
    ExecutorService e = kind.make();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    e.execute(
        () -> {
          started.countDown();
          try {
            done.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException unexpected) {
            throw new IllegalStateException(unexpected);
          }
        });
    started.await();
    e.shutdown();
    assertThat(e.isTerminated()).isFalse();
    done.countDown();
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(e.isTerminated()).isTrue();
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testShutdownNow, ScheduledExecutorTest.testShutdownNow -- running tasks
  // are interrupted, queued ones returned; difference: their futures are cancelled (see the README)
  @ParameterizedTest
  @EnumSource(value = Kind.class, names = "VIRTUAL_PER_TASK", mode = EnumSource.Mode.EXCLUDE)
  void shutdownNow_interruptsRunningAndReturnsQueuedCancelled(Kind kind) throws Exception {
    ExecutorService e = kind.make();
    int poolSize = 2;
    int count = 5;
    CountDownLatch started = new CountDownLatch(poolSize);
    AtomicInteger ran = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(
          e.submit(
              () -> {
                started.countDown();
                try {
                  new CountDownLatch(1).await(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException expected) {
                  // shutdownNow
                }
                ran.incrementAndGet();
              }));
    }
    started.await();
    List<Runnable> queued = e.shutdownNow();
    assertThat(e.isShutdown()).isTrue();
    assertThat(queued).hasSize(count - poolSize);
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(ran).hasValue(poolSize);
    assertThat(queued).allSatisfy(r -> assertThat(((Future<?>) r).isCancelled()).isTrue());
    assertThat(futures.subList(poolSize, count)).containsExactlyInAnyOrderElementsOf(queued.stream().map(r -> (Future<?>) r).toList());
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testSubmittedTasksRejectedWhenSaturatedOrShutdown,
  // ScheduledExecutorTest.testSubmittedTasksRejectedWhenShutdown (saturation: ThreadPoolTest)
  @ParameterizedTest
  @EnumSource(Kind.class)
  void submit_afterShutdown_everyMethodRejects(Kind kind) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService e = kind.make();
    CountDownLatch started = new CountDownLatch(1);
    e.execute(
        () -> {
          started.countDown();
          while (true) {
            try {
              done.await();
              return;
            } catch (InterruptedException shutdownNowDeliberatelyIgnored) {
              // keep waiting
            }
          }
        });
    started.await();
    e.shutdown();
    assertSubmissionsRejected(e);
    assertThat(e.isTerminated()).isFalse();
    done.countDown();
    assertThat(e.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertSubmissionsRejected(e);
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testGet_cancelled -- difference: cancel(false) cannot cancel the running
  // task (Python's rule); the queued one is cancelled. cancel(true) does cancel a running one.
  @ParameterizedTest
  @EnumSource(value = Kind.class, names = "VIRTUAL_PER_TASK", mode = EnumSource.Mode.EXCLUDE)
  void cancelWithoutInterrupt_runningAndQueued_onlyQueuedIsCancelled(Kind kind) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ExecutorService e = kind.make()) {
      CountDownLatch blockersStarted = new CountDownLatch(2);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(
            e.submit(
                () -> {
                  blockersStarted.countDown();
                  return done.await(2 * LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                }));
      }
      blockersStarted.await(); // two workers: the first two run, the third waits
      assertThat(futures.get(0).cancel(false)).isFalse();
      assertThat(futures.get(2).cancel(false)).isTrue();
      assertThatThrownBy(() -> futures.get(2).get()).isInstanceOf(CancellationException.class);
      assertThatThrownBy(() -> futures.get(2).get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(CancellationException.class);
      assertThat(futures.get(1).cancel(true)).isTrue();
      assertThat(futures.get(1).isCancelled()).isTrue();
      done.countDown();
      assertThat(futures.get(0).get()).isEqualTo(true);
      assertThat(futures.get(0).isCancelled()).isFalse();
    } finally {
      done.countDown();
    }
  }

  // JSR-166 TCK: ThreadPoolExecutorTest.testRejectedRecycledTask -- the same Runnable executed again and again
  @ParameterizedTest
  @EnumSource(Kind.class)
  void execute_sameRunnableManyTimes_runsEveryTime(Kind kind) throws Exception {
    int tasks = 1000;
    CountDownLatch done = new CountDownLatch(tasks);
    Runnable recycled = done::countDown;
    try (ExecutorService e = kind.make()) {
      for (int i = 0; i < tasks; i++) {
        e.execute(recycled);
      }
      assertThat(done.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  private static void assertSubmissionsRejected(ExecutorService e) {
    Runnable r = () -> {};
    Callable<Boolean> c = () -> Boolean.TRUE;
    assertThatThrownBy(() -> e.execute(r)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> e.submit(r)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> e.submit(r, Boolean.TRUE)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> e.submit(c)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> e.invokeAll(List.of(c))).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> e.invokeAny(List.of(c))).isInstanceOf(RejectedExecutionException.class);
    if (e instanceof ScheduledExecutor s) {
      assertThatThrownBy(() -> s.schedule(r, Duration.ofSeconds(1))).isInstanceOf(RejectedExecutionException.class);
      assertThatThrownBy(() -> s.scheduleAtFixedRate(r, 1, 1, TimeUnit.SECONDS))
          .isInstanceOf(RejectedExecutionException.class);
      assertThatThrownBy(() -> s.scheduleWithFixedDelay(r, 1, 1, TimeUnit.SECONDS))
          .isInstanceOf(RejectedExecutionException.class);
    }
  }

  // A timeout too long to add to System.nanoTime() means no practical limit, not a deadline in the past
  @ParameterizedTest
  @EnumSource(Kind.class)
  void timedInvokeAllAndAny_hugeTimeout_noOverflow(Kind kind) throws Exception {
    try (ExecutorService e = kind.make()) {
      List<Callable<String>> tasks = List.of(stringTask("a"), stringTask("b"));
      List<Future<String>> futures = e.invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
      assertThat(futures.get(0).get()).isEqualTo("a");
      assertThat(futures.get(1).get()).isEqualTo("b");
      assertThat(e.invokeAny(tasks, Long.MAX_VALUE, TimeUnit.DAYS)).isIn("a", "b");
      assertThat(e.invokeAll(tasks, -1, TimeUnit.SECONDS)).allSatisfy(f -> assertThat(f.isDone()).isTrue());
    }
  }
}
