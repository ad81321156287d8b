package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.threads.InterruptedCall.Outcome;
import dev.concurrency.threads.InterruptedCall.Running;
import dev.concurrency.threads.InterruptedCall.When;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every blocking method of the module outside the executors (see {@link ExecutorInterruptTest} for those): an
 * interrupt before the call or during its wait ends it as its Javadoc says, the status is never lost, and nothing
 * is left running. In the style of the JSR-166 TCK's {@code testInterrupted*} and {@code *_Interruptible} cases.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class BlockingCallInterruptTest {

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    release.countDown();
  }

  /** A body that waits for {@link #release}, ignoring interrupts, and counts those it ignored. */
  private Runnable ignoringInterrupts(AtomicInteger ignored) {
    return () -> {
      while (true) {
        try {
          release.await();
          return;
        } catch (InterruptedException e) {
          ignored.incrementAndGet();
        }
      }
    };
  }

  /** The identity, once {@link #release} is counted down; counts the items it started on. */
  private Function<Integer, Integer> countingUntilReleased(AtomicInteger started) {
    return x -> {
      started.incrementAndGet();
      TestSupport.awaiting(release).run();
      return x;
    };
  }

  private ThreadHandle runningUntilReleased() {
    return ThreadHandle.platform("until-released", TestSupport.awaiting(release)).start();
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void threadHandleJoin_interrupted_throwsAndClearsStatus(When when) throws Exception {
    ThreadHandle t = runningUntilReleased();
    InterruptedCall.run(when, "joiner", t::join).assertThrewInterruptedAndCleared();
    InterruptedCall.run(when, "timed-joiner", () -> t.join(LONG_DELAY)).assertThrewInterruptedAndCleared();
    InterruptedCall.run(when, "joiner-or-thrower", t::joinOrThrow).assertThrewInterruptedAndCleared();
    assertThat(t.isAlive()).as("an interrupted join leaves the joined thread alone").isTrue();
  }

  // Thread.join's own rule: a thread that has ended is joined without looking at the status
  @Test
  void threadHandleJoin_threadEnded_returnsAndKeepsStatus() throws Exception {
    ThreadHandle t = ThreadHandle.platform("ended", () -> {}).start();
    t.join();
    InterruptedCall.run(When.BEFORE, "joiner", t::join).assertReturnedWithStatusSet();
    InterruptedCall.run(When.BEFORE, "timed-joiner", () -> t.join(Duration.ZERO)).assertReturnedWithStatusSet();
    InterruptedCall.run(When.BEFORE, "joiner-or-thrower", t::joinOrThrow).assertReturnedWithStatusSet();
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void threadTimerJoin_interrupted_throwsAndClearsStatusAndTimerWaitsOn(When when) throws Exception {
    AtomicInteger ran = new AtomicInteger();
    ThreadTimer timer = ThreadTimer.start(Duration.ofDays(1), ran::incrementAndGet);
    try {
      InterruptedCall.run(when, "timer-joiner", timer::join).assertThrewInterruptedAndCleared();
      InterruptedCall.run(when, "timed-timer-joiner", () -> timer.join(LONG_DELAY)).assertThrewInterruptedAndCleared();
      assertThat(timer.state()).as("the joiner's interrupt is not the timer's").isEqualTo(ThreadTimer.State.WAITING);
    } finally {
      timer.cancel();
    }
    assertThat(timer.join(LONG_DELAY)).isTrue();
    assertThat(ran).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void taskFutureException_interrupted_throwsAndClearsStatus(When when) throws Exception {
    TaskFuture<String> pending = new TaskFuture<>(() -> "never run");
    InterruptedCall.run(when, "exception-waiter", () -> pending.exception(LONG_DELAY))
        .assertThrewInterruptedAndCleared();
    assertThat(pending.isDone()).isFalse();
  }

  // CompletableFuture.get's rule, which TaskFuture keeps: a done future answers without looking at the status
  @Test
  void taskFutureGetAndException_done_returnWithoutLookingAtTheStatus() throws Exception {
    TaskFuture<String> done = new TaskFuture<>(() -> "value");
    done.run();
    InterruptedCall.run(When.BEFORE, "getter", () -> assertThat(done.get()).isEqualTo("value"))
        .assertReturnedWithStatusSet();
    InterruptedCall.run(When.BEFORE, "exception-reader", () -> assertThat(done.exception(Duration.ZERO)).isNull())
        .assertReturnedWithStatusSet();
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void waitFor_interrupted_throwsAndClearsStatus(When when) throws Exception {
    List<CompletableFuture<String>> futures = List.of(new CompletableFuture<>(), CompletableFuture.completedFuture("x"));
    InterruptedCall.run(
            when, "waiter", () -> ConcurrentFutures.waitFor(futures, ReturnWhen.ALL_COMPLETED, null))
        .assertThrewInterruptedAndCleared();
    InterruptedCall.run(
            when, "timed-waiter", () -> ConcurrentFutures.waitFor(futures, ReturnWhen.ALL_COMPLETED, LONG_DELAY))
        .assertThrewInterruptedAndCleared();
  }

  @Test
  void waitFor_conditionHoldsAlready_returnsAndKeepsStatus() throws Exception {
    List<CompletableFuture<String>> futures = List.of(new CompletableFuture<>(), CompletableFuture.completedFuture("x"));
    AtomicReference<DoneAndNotDone<CompletableFuture<String>>> result = new AtomicReference<>();
    InterruptedCall.run(
            When.BEFORE,
            "waiter",
            () -> result.set(ConcurrentFutures.waitFor(futures, ReturnWhen.FIRST_COMPLETED, null)))
        .assertReturnedWithStatusSet();
    assertThat(result.get().done()).containsExactly(futures.get(1));
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void asCompletedTake_interrupted_throwsAndClearsStatus(When when) throws Exception {
    CompletableFuture<String> done = CompletableFuture.completedFuture("first");
    CompletableFuture<String> pending = new CompletableFuture<>();
    AsCompleted<CompletableFuture<String>> it = ConcurrentFutures.asCompleted(List.of(done, pending), null);
    AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();
    InterruptedCall.run(
            when,
            "as-completed",
            () -> {
              first.set(it.take()); // done already: yielded whatever the status
              it.take();
            })
        .assertThrewInterruptedAndCleared();
    assertThat(first.get()).isSameAs(done);
    pending.complete("second");
    assertThat(it.take()).as("the iteration goes on after an interrupted take").isSameAs(pending);
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void mapIteratorTake_interrupted_throwsClearsStatusAndCancelsThePending(When when) throws Exception {
    AtomicInteger started = new AtomicInteger();
    try (ThreadPool pool = ThreadPool.builder().workers(1).name("imap-interrupt").build()) {
      MapIterator<Integer> results =
          pool.imap(countingUntilReleased(started), List.of(1, 2, 3));
      InterruptedCall.run(when, "imap-taker", results::take).assertThrewInterruptedAndCleared();
      assertThat(results.hasNext()).as("an interrupted take ends the iteration").isFalse();
      release.countDown();
    }
    assertThat(started.get()).as("the items not started were cancelled").isLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void threadPoolMap_interrupted_throwsClearsStatusAndCancelsThePending(When when) throws Exception {
    AtomicInteger started = new AtomicInteger();
    try (ThreadPool pool = ThreadPool.builder().workers(1).name("map-interrupt").build()) {
      Function<Integer, Integer> blocking = countingUntilReleased(started);
      InterruptedCall.run(when, "mapper", () -> pool.map(blocking, List.of(1, 2, 3)))
          .assertThrewInterruptedAndCleared();
      InterruptedCall.run(when, "timed-mapper", () -> pool.map(blocking, List.of(4, 5, 6), LONG_DELAY))
          .assertThrewInterruptedAndCleared();
      release.countDown();
    }
    assertThat(started.get()).as("the items not started were cancelled: at most the first one ran").isLessThanOrEqualTo(1);
  }

  // Saturation.BLOCK: an interrupted submitter is refused, and its interrupt status is kept (execute cannot throw
  // InterruptedException); the task is not queued
  @ParameterizedTest
  @EnumSource(When.class)
  void blockingSubmit_interrupted_rejectedWithStatusKept(When when) throws Exception {
    AtomicInteger lateRuns = new AtomicInteger();
    try (ThreadPool pool = ThreadPool.builder().workers(1).queueCapacity(1).name("block-interrupt").build()) {
      CountDownLatch started = new CountDownLatch(1);
      pool.execute(() -> {
        started.countDown();
        TestSupport.awaiting(release).run();
      });
      started.await();
      pool.execute(() -> {});
      Outcome o = InterruptedCall.run(when, "blocked-submitter", () -> pool.execute(lateRuns::incrementAndGet));
      assertThat(o.thrown())
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("interrupted while waiting for room")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(o.statusAfter()).as("the interrupt status after the rejection").isTrue();
      release.countDown();
    }
    assertThat(lateRuns).as("the refused task never runs").hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void taskScopeJoin_interrupted_throwsClearsStatusAndEndsEverySubtask(When when) throws Exception {
    AtomicReference<Subtask<String>> subtask = new AtomicReference<>();
    InterruptedCall.run(
            when,
            "scope-owner",
            () -> {
              try (TaskScope<String> scope = TaskScope.open()) {
                subtask.set(scope.fork(() -> {
                  release.await();
                  return "never";
                }));
                scope.join();
              }
            })
        .assertThrewInterruptedAndCleared();
    assertThat(subtask.get().state()).isEqualTo(Subtask.State.CANCELLED);
  }

  @Test
  void taskScopeJoin_everySubtaskDone_returnsResultsAndKeepsStatus() throws Exception {
    AtomicReference<List<String>> results = new AtomicReference<>();
    InterruptedCall.run(
            When.BEFORE,
            "scope-owner",
            () -> {
              try (TaskScope<String> scope = TaskScope.open()) {
                Subtask<String> s = scope.fork(() -> "done");
                TestSupport.awaitCondition("the subtask succeeded", () -> s.state() == Subtask.State.SUCCESS);
                results.set(scope.join());
              }
            })
        .assertReturnedWithStatusSet();
    assertThat(results.get()).containsExactly("done");
  }

  // close() cancels (interrupting the subtask, which ignores it), then goes on waiting uninterruptibly and
  // without spinning until the subtask ends, and sets the owner's status again
  @ParameterizedTest
  @EnumSource(When.class)
  void taskScopeClose_interrupted_waitsForSubtasksThenSetsStatus(When when) throws Exception {
    AtomicInteger ignored = new AtomicInteger();
    AtomicReference<Subtask<String>> subtask = new AtomicReference<>();
    Runnable stubborn = ignoringInterrupts(ignored);
    Running owner =
        InterruptedCall.start(
            when,
            "scope-closer",
            () -> {
              TaskScope<String> scope = TaskScope.open();
              subtask.set(scope.fork(() -> {
                stubborn.run();
                return "late";
              }));
              scope.close();
            });
    TestSupport.awaitCondition("the subtask was interrupted by the cancellation", () -> ignored.get() > 0);
    owner.assertStaysParked();
    release.countDown();
    owner.await().assertReturnedWithStatusSet();
    assertThat(subtask.get().state()).as("it returned a value after all").isEqualTo(Subtask.State.SUCCESS);
  }

  // The second half cannot be stopped midway: an interrupted measurement ends only once it has, so no thread of
  // it outlives the call; and the interrupt is reported either way (thrown, or the status still set)
  @Test
  void measureSpeedup_interrupted_leavesNoThreadAndKeepsTheInterrupt() throws Exception {
    Outcome o = InterruptedCall.run(When.BEFORE, "measurer", () -> CpuWork.measureSpeedup(20_000_000, 1));
    assertThat(TestSupport.threadsNamed("cpu-half-2")).as("threads of the measurement still alive").isEmpty();
    if (o.thrown() == null) {
      assertThat(o.statusAfter()).as("returned: the second half had ended already; the status is kept").isTrue();
    } else {
      o.assertThrewInterruptedAndCleared();
    }
  }
}
