package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ScheduledExecutor on a manual clock, so every timing claim is exact: the JSR-166 TCK's ScheduledExecutorTest
 * (the ScheduledExecutorService cases), ported, and Python's cancel semantics.
 */
@Timeout(30)
final class ScheduledExecutorTest {

  private final ManualClock clock = TimerClock.manual();
  private final ScheduledExecutor scheduler = ScheduledExecutor.builder().clock(clock).name("sched-test").build();

  @AfterEach
  void shutDown() throws Exception {
    scheduler.shutdownNow();
    assertThat(scheduler.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /**
   * Waits until the single worker has run everything due at the clock's current time: a no-op due now runs
   * after all of them (earlier deadline first, then scheduling order).
   */
  private static void settle(ScheduledExecutor scheduler) throws Exception {
    scheduler.schedule(() -> {}, 0, TimeUnit.NANOSECONDS).get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void advance(long seconds) throws Exception {
    clock.advance(Duration.ofSeconds(seconds));
    settle(scheduler);
  }

  private long nowSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(clock.read());
  }

  // JSR-166 TCK: ScheduledExecutorTest.testSchedule1 -- a delayed callable runs once its delay has passed, not
  // before
  @Test
  void scheduleCallable_runsWhenDueAndNotBefore() throws Exception {
    AtomicReference<Long> ranAt = new AtomicReference<>();
    ScheduledTaskFuture<Boolean> f =
        scheduler.schedule(
            () -> {
              ranAt.set(clock.read());
              return Boolean.TRUE;
            },
            10,
            TimeUnit.SECONDS);
    assertThat(f.getDelay(TimeUnit.SECONDS)).isEqualTo(10);
    advance(9);
    assertThat(f.isDone()).isFalse();
    assertThat(f.getDelay(TimeUnit.SECONDS)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(Boolean.TRUE);
    assertThat(ranAt.get()).isEqualTo(TimeUnit.SECONDS.toNanos(10));
    assertThat(f.getDelay(TimeUnit.NANOSECONDS)).isLessThanOrEqualTo(0);
    assertThat(f.isPeriodic()).isFalse();
  }

  // JSR-166 TCK: ScheduledExecutorTest.testSchedule3 -- a delayed runnable; its future completes with null
  @Test
  void scheduleRunnable_runsWhenDueWithNullResult() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    ScheduledTaskFuture<?> f = scheduler.schedule(done::countDown, Duration.ofSeconds(5));
    advance(4);
    assertThat(done.getCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    assertThat(done.getCount()).isZero();
  }

  // JSR-166 TCK: ScheduledExecutorTest.testSchedule4, testSchedule5 -- the first run of a fixed-rate or
  // fixed-delay task waits for the initial delay
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void periodic_firstRunAfterInitialDelay(boolean fixedRate) throws Exception {
    List<Long> runs = new CopyOnWriteArrayList<>();
    Runnable record = () -> runs.add(nowSeconds());
    ScheduledTaskFuture<?> f =
        fixedRate
            ? scheduler.scheduleAtFixedRate(record, 3, 100, TimeUnit.SECONDS)
            : scheduler.scheduleWithFixedDelay(record, Duration.ofSeconds(3), Duration.ofSeconds(100));
    assertThat(f.isPeriodic()).isTrue();
    advance(2);
    assertThat(runs).isEmpty();
    advance(1);
    assertThat(runs).containsExactly(3L);
    assertThat(f.cancel(true)).isTrue();
  }

  // JSR-166 TCK: ScheduledExecutorTest.testFixedRateSequence -- runs at initialDelay + n * period, exactly
  @Test
  void scheduleAtFixedRate_runsAtEveryPeriod() throws Exception {
    List<Long> runs = new CopyOnWriteArrayList<>();
    ScheduledTaskFuture<?> f = scheduler.scheduleAtFixedRate(() -> runs.add(nowSeconds()), 0, 2, TimeUnit.SECONDS);
    settle(scheduler); // the run due at 0 happens before the clock moves
    for (int i = 0; i < 8; i++) {
      advance(1);
    }
    assertThat(runs).containsExactly(0L, 2L, 4L, 6L, 8L);
    assertThat(f.isDone()).isFalse();
    assertThat(f.cancel(false)).isTrue();
    advance(10);
    assertThat(runs).hasSize(5);
  }

  // JSR-166 TCK: ScheduledExecutorTest.testFixedDelaySequence -- each run starts delay after the previous ended
  @Test
  void scheduleWithFixedDelay_countsFromTheEndOfEachRun() throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    scheduler.scheduleWithFixedDelay(
        () -> {
          starts.add(nowSeconds());
          clock.advance(Duration.ofSeconds(1)); // each run takes one second of clock time
        },
        0,
        2,
        TimeUnit.SECONDS);
    settle(scheduler);
    for (int i = 0; i < 4; i++) {
      advance(2);
    }
    // run 1 at 0 ends at 1, next due 3; run 2 at 3 ends at 4, next due 6; ...
    assertThat(starts).startsWith(0L, 3L, 6L);
  }

  // A fixed-rate task that overruns its period starts late, right after, and never runs concurrently.
  @Test
  void scheduleAtFixedRate_overrun_nextRunStartsLateNeverConcurrently() throws Exception {
    try (ScheduledExecutor two = ScheduledExecutor.builder().workers(2).clock(clock).build()) {
      List<Long> starts = new CopyOnWriteArrayList<>();
      AtomicInteger concurrent = new AtomicInteger();
      AtomicInteger maxConcurrent = new AtomicInteger();
      CountDownLatch threeRuns = new CountDownLatch(3);
      two.scheduleAtFixedRate(
          () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            starts.add(clock.read());
            clock.advance(Duration.ofMillis(2500)); // each run takes 2.5 periods
            concurrent.decrementAndGet();
            threeRuns.countDown();
          },
          0,
          1,
          TimeUnit.SECONDS);
      assertThat(threeRuns.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      two.shutdownNow();
      assertThat(starts.subList(0, 3)).containsExactly(0L, 2_500_000_000L, 5_000_000_000L);
      assertThat(maxConcurrent).hasValue(1);
    }
  }

  // Due at the same time: run in the order scheduled. Earlier deadline first, whatever the scheduling order.
  @Test
  void dueTasks_runEarliestDeadlineFirstThenInSchedulingOrder() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    scheduler.schedule(() -> order.add("c@2"), 2, TimeUnit.SECONDS);
    scheduler.schedule(() -> order.add("a@1"), 1, TimeUnit.SECONDS);
    scheduler.schedule(() -> order.add("b@1"), 1, TimeUnit.SECONDS);
    scheduler.schedule(() -> order.add("d@0"), 0, TimeUnit.SECONDS);
    advance(5);
    assertThat(order).containsExactly("d@0", "a@1", "b@1", "c@2");
  }

  // A task scheduled earlier than the one a worker is waiting for runs first.
  @Test
  void schedule_earlierTaskWhileWorkerWaits_runsFirst() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    scheduler.schedule(() -> order.add("late"), 1, TimeUnit.HOURS);
    settle(scheduler);
    scheduler.schedule(() -> order.add("early"), 1, TimeUnit.SECONDS);
    advance(1);
    assertThat(order).containsExactly("early");
    advance(3600);
    assertThat(order).containsExactly("early", "late");
  }

  @Test
  void schedule_negativeDelay_runsAtOnce() throws Exception {
    assertThat(scheduler.schedule(() -> "now", -5, TimeUnit.SECONDS).get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS))
        .isEqualTo("now");
  }

  // Python's cancel: a waiting task is cancelled and never runs
  @Test
  void cancel_waitingTask_neverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ScheduledTaskFuture<?> f = scheduler.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS);
    assertThat(f.cancel(false)).isTrue();
    assertThat(f.cancel(false)).isTrue();
    advance(2);
    assertThat(runs).hasValue(0);
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
  }

  // Python's cancel: a running one-shot task is not cancelled by cancel(false); cancel(true) interrupts it
  @Test
  void cancel_runningOneShot_onlyCancelTrueStopsIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ScheduledTaskFuture<String> f =
        scheduler.schedule(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return "ended";
            },
            0,
            TimeUnit.SECONDS);
    started.await();
    assertThat(f.isRunning()).isTrue();
    assertThat(f.cancel(false)).isFalse();
    assertThat(f.cancel(true)).isTrue();
    assertThat(interrupted.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(f.isCancelled()).isTrue();
  }

  // A periodic task's future stands for the runs to come: cancel(false) during a run lets the run finish and
  // stops the series
  @Test
  void cancel_periodicDuringRun_runFinishesAndNoneFollows() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    ScheduledTaskFuture<?> f =
        scheduler.scheduleAtFixedRate(
            () -> {
              runs.incrementAndGet();
              running.countDown();
              try {
                finish.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                completed.incrementAndGet();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            0,
            1,
            TimeUnit.SECONDS);
    running.await();
    assertThat(f.cancel(false)).isTrue();
    assertThat(f.isCancelled()).isTrue();
    finish.countDown();
    settle(scheduler);
    advance(5);
    assertThat(runs).hasValue(1);
    assertThat(completed).hasValue(1);
  }

  // JSR-166 TCK: FutureTaskTest.testRunAndReset -- a periodic task runs again and again and its future stays
  // not done
  @Test
  void periodic_runsRepeatedly_futureStaysNotDone() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ScheduledTaskFuture<?> f = scheduler.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.SECONDS);
    settle(scheduler);
    for (int i = 1; i <= 3; i++) {
      assertThat(runs).hasValue(i);
      assertThat(f.isDone()).isFalse();
      assertThat(f.isCancelled()).isFalse();
      advance(1);
    }
  }

  // JSR-166 TCK: FutureTaskTest.testRunAndResetAfterCancel -- once cancelled, a periodic task never runs again,
  // even if something calls run() on it
  @Test
  void periodic_cancelled_neverRunsAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ScheduledTaskFuture<?> f = scheduler.scheduleAtFixedRate(runs::incrementAndGet, 1, 1, TimeUnit.SECONDS);
    assertThat(f.cancel(true)).isTrue();
    f.run();
    advance(3);
    assertThat(runs).hasValue(0);
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
  }

  // A run that throws ends a periodic task: its future fails with that exception
  @Test
  void periodic_runThrows_futureFailsAndNoMoreRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ScheduledTaskFuture<?> f =
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (runs.incrementAndGet() == 3) {
                throw new IllegalStateException("third run");
              }
            },
            0,
            1,
            TimeUnit.SECONDS);
    settle(scheduler);
    advance(1);
    advance(1);
    advance(1);
    advance(1);
    assertThat(runs).hasValue(3);
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("third run");
  }

  // What a task given to execute() throws reaches the uncaught-exception handler (a
  // ScheduledThreadPoolExecutor would keep it in an unseen future)
  @Test
  void execute_throwingTask_reachesUncaughtHandler() throws Exception {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CountDownLatch handled = new CountDownLatch(1);
    try (ScheduledExecutor e =
        ScheduledExecutor.builder()
            .daemon(true)
            .uncaughtExceptionHandler(
                (t, ex) -> {
                  seen.set(ex);
                  handled.countDown();
                })
            .build()) {
      e.execute(() -> { throw new IllegalStateException("not lost"); });
      assertThat(handled.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(seen.get()).hasMessage("not lost");
    }
  }

  // JSR-166 TCK: ScheduledExecutorTest.testNullTaskSubmission (scheduling methods), and bad periods
  @Test
  void schedule_badArguments_throwWithMessage() {
    Runnable r = () -> {};
    assertThatThrownBy(() -> scheduler.schedule((Runnable) null, 1, TimeUnit.SECONDS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> scheduler.schedule((Callable<?>) null, 1, TimeUnit.SECONDS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> scheduler.schedule(r, 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(null, 1, 1, TimeUnit.SECONDS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> scheduler.scheduleWithFixedDelay(null, 1, 1, TimeUnit.SECONDS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(r, 1, 0, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period must be positive");
    assertThatThrownBy(() -> scheduler.scheduleWithFixedDelay(r, 1, -1, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay must be positive");
    assertThatThrownBy(() -> scheduler.schedule(r, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ScheduledExecutor.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers");
  }

  // JSR-166 TCK: ScheduledExecutorTest.testShutdownNow_delayedTasks -- every waiting task is returned;
  // difference: their futures are cancelled (the README's differences)
  @Test
  void shutdownNow_delayedAndPeriodicTasks_allReturnedAndCancelled() throws Exception {
    List<ScheduledFuture<?>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Runnable r = () -> {};
      tasks.add(scheduler.schedule(r, 9, TimeUnit.SECONDS));
      tasks.add(scheduler.scheduleAtFixedRate(r, 9, 9, TimeUnit.SECONDS));
      tasks.add(scheduler.scheduleWithFixedDelay(r, 9, 9, TimeUnit.SECONDS));
    }
    List<Runnable> queued = scheduler.shutdownNow();
    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(new HashSet<Object>(queued)).isEqualTo(new HashSet<Object>(tasks));
    assertThat(tasks).allSatisfy(t -> assertThat(t.isCancelled()).isTrue());
    assertThat(scheduler.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  // JSR-166 TCK: ScheduledExecutorTest.testShutdown_cancellation -- the after-shutdown policies, each
  // combination: tasks already due always run; delayed one-shot tasks run when due unless the policy cancels
  // them; periodic tasks are cancelled unless the policy keeps them
  @ParameterizedTest(name = "executeDelayed={0} continuePeriodic={1}")
  @CsvSource({"true,false", "false,false", "true,true", "false,true"})
  void shutdown_policies_decideWhatStillRuns(boolean executeDelayed, boolean continuePeriodic) throws Exception {
    ManualClock time = TimerClock.manual();
    ScheduledExecutor p =
        ScheduledExecutor.builder()
            .workers(1)
            .clock(time)
            .executeDelayedTasksAfterShutdown(executeDelayed)
            .continuePeriodicTasksAfterShutdown(continuePeriodic)
            .build();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    AtomicInteger periodicRuns = new AtomicInteger();
    Future<?> blocker =
        p.submit(
            () -> {
              blocked.countDown();
              unblock.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
              return null;
            });
    blocked.await();
    Future<?> immediate = p.submit(() -> "immediate");
    ScheduledTaskFuture<?> delayed = p.schedule(() -> "delayed", 5, TimeUnit.SECONDS);
    ScheduledTaskFuture<?> periodic =
        p.scheduleAtFixedRate(
            () -> {
              if (periodicRuns.incrementAndGet() == 2) {
                throw new IllegalStateException("ends the series");
              }
            },
            1,
            1,
            TimeUnit.SECONDS);

    p.shutdown();
    assertThat(p.isShutdown()).isTrue();
    assertThat(p.isTerminated()).isFalse();
    assertThat(immediate.isDone()).isFalse();
    assertThat(delayed.isCancelled()).isEqualTo(!executeDelayed);
    assertThat(periodic.isCancelled()).isEqualTo(!continuePeriodic);

    unblock.countDown();
    blocker.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(immediate.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("immediate");
    time.advance(Duration.ofSeconds(6)); // everything kept is due now; the executor ends once it has run
    assertThat(p.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    if (executeDelayed) {
      assertThat(delayed.get()).isEqualTo("delayed");
    } else {
      assertThat(delayed.isCancelled()).isTrue();
    }
    if (continuePeriodic) {
      assertThatThrownBy(periodic::get).hasRootCauseMessage("ends the series");
      assertThat(periodicRuns).hasValue(2);
    } else {
      assertThat(periodic.isCancelled()).isTrue();
      assertThat(periodicRuns).hasValue(0);
    }
  }

  // JSR-166 TCK: ScheduledExecutorTest.testScheduleWithFixedDelay_overflow -- a delay of Long.MAX_VALUE seconds
  // does not overflow into the past and does not hold up other tasks
  @Test
  void scheduleWithFixedDelay_hugeDelay_noOverflow() throws Exception {
    CountDownLatch delayedDone = new CountDownLatch(1);
    CountDownLatch immediateDone = new CountDownLatch(1);
    scheduler.scheduleWithFixedDelay(
        () -> {
          delayedDone.countDown();
          scheduler.submit(immediateDone::countDown);
        },
        0L,
        Long.MAX_VALUE,
        TimeUnit.SECONDS);
    assertThat(delayedDone.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(immediateDone.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    clock.advance(Duration.ofDays(365 * 200));
    settle(scheduler);
    assertThat(delayedDone.getCount()).isZero();
  }

  // On the system clock the same code runs in real time; only "not before its delay" is asserted.
  @Test
  void systemClock_delayedTask_runsNotBeforeItsDelay() throws Exception {
    try (ScheduledExecutor real = ScheduledExecutor.builder().build()) {
      long start = System.nanoTime();
      ScheduledTaskFuture<Long> f = real.schedule(System::nanoTime, Duration.ofMillis(20));
      assertThat(f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS) - start)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
      assertThat(real.clock()).isSameAs(TimerClock.system());
    }
  }

  @Test
  void cancelledTasks_leaveTheQueue_soShutdownTerminatesAtOnce() throws Exception {
    ScheduledExecutor p = ScheduledExecutor.builder().clock(clock).build();
    ScheduledTaskFuture<?> far = p.schedule(() -> {}, 1, TimeUnit.DAYS);
    ScheduledTaskFuture<?> beat = p.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.DAYS);
    assertThat(far.cancel(false)).isTrue();
    assertThat(beat.cancel(false)).isTrue();
    p.shutdown(); // the default policy would still run a delayed task; there is none left
    assertThat(p.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void compareTo_ordersByDeadlineThenSchedulingOrder() {
    ScheduledTaskFuture<?> a = scheduler.schedule(() -> {}, 2, TimeUnit.SECONDS);
    ScheduledTaskFuture<?> b = scheduler.schedule(() -> {}, 1, TimeUnit.SECONDS);
    ScheduledTaskFuture<?> c = scheduler.schedule(() -> {}, 1, TimeUnit.SECONDS);
    assertThat(b.compareTo(a)).isNegative();
    assertThat(b.compareTo(c)).isNegative();
    assertThat(c.compareTo(b)).isPositive();
    assertThat(a.compareTo(a)).isZero();
  }
}
