package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ThreadTimer as Python's threading.Timer, timed on a manual clock. */
@Timeout(30)
final class ThreadTimerTest {

  private final ManualClock clock = TimerClock.manual();

  private ThreadTimer.Builder timer(Duration interval, Runnable action) {
    return ThreadTimer.builder(interval, action).clock(clock);
  }

  @Test
  void start_actionRunsOnceTheIntervalHasPassedAndNotBefore() throws Exception {
    AtomicLong ranAt = new AtomicLong(-1);
    ThreadTimer t = timer(Duration.ofSeconds(30), () -> ranAt.set(clock.read())).build().start();
    TestSupport.awaitBlocked(TestSupport.threadNamed(t.name()));
    clock.advance(Duration.ofSeconds(29));
    assertThat(t.join(Duration.ZERO)).isFalse();
    assertThat(t.state()).isEqualTo(ThreadTimer.State.WAITING);
    clock.advance(Duration.ofSeconds(1));
    t.join();
    assertThat(ranAt.get()).isEqualTo(TimeUnit.SECONDS.toNanos(30));
    assertThat(t.state()).isEqualTo(ThreadTimer.State.FINISHED);
    assertThat(t.isAlive()).isFalse();
    assertThat(t.failure()).isEmpty();
  }

  // Python's Timer.cancel(): while waiting, the action never runs and the thread ends
  @Test
  void cancel_whileWaiting_actionNeverRunsAndThreadEnds() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ThreadTimer t = timer(Duration.ofSeconds(30), runs::incrementAndGet).build().start();
    assertThat(t.cancel()).isTrue();
    assertThat(t.cancel()).as("already cancelled").isTrue();
    assertThat(t.join(LONG_DELAY)).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(runs).hasValue(0);
    assertThat(t.state()).isEqualTo(ThreadTimer.State.CANCELLED);
  }

  @Test
  void cancel_beforeStart_startedThreadEndsWithoutRunning() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ThreadTimer t = timer(Duration.ZERO, runs::incrementAndGet).build();
    assertThat(t.cancel()).isTrue();
    t.start();
    t.join();
    assertThat(runs).hasValue(0);
    assertThat(t.state()).isEqualTo(ThreadTimer.State.CANCELLED);
  }

  // Once the action has begun, cancel changes nothing
  @Test
  void cancel_whileActionRuns_returnsFalseAndActionFinishes() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger completed = new AtomicInteger();
    ThreadTimer t =
        timer(
                Duration.ZERO,
                () -> {
                  running.countDown();
                  try {
                    finish.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  completed.incrementAndGet();
                })
            .build()
            .start();
    running.await();
    assertThat(t.state()).isEqualTo(ThreadTimer.State.RUNNING);
    assertThat(t.cancel()).isFalse();
    finish.countDown();
    t.join();
    assertThat(completed).hasValue(1);
    assertThat(t.cancel()).as("finished").isFalse();
    assertThat(t.state()).isEqualTo(ThreadTimer.State.FINISHED);
  }

  @Test
  void start_twice_throwsIllegalState() throws Exception {
    ThreadTimer t = timer(Duration.ZERO, () -> {}).build().start();
    assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("only be started once");
    t.join();
  }

  // like threading.excepthook: the failure reaches the hook and is kept, not printed
  @Test
  void actionThrows_failureKeptAndHookCalled() throws Exception {
    AtomicReference<Throwable> hooked = new AtomicReference<>();
    ThreadTimer t =
        timer(Duration.ZERO, () -> { throw new IllegalStateException("in the action"); })
            .onFailure(hooked::set)
            .build()
            .start();
    t.join();
    assertThat(t.failure()).get().isSameAs(hooked.get());
    assertThat(hooked.get()).hasMessage("in the action");
    assertThat(t.state()).isEqualTo(ThreadTimer.State.FINISHED);
  }

  @Test
  void interruptWhileWaiting_cancelsTheTimer() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ThreadTimer t = timer(Duration.ofHours(1), runs::incrementAndGet).name("interrupted-timer").build().start();
    Thread thread = TestSupport.threadNamed("interrupted-timer");
    TestSupport.awaitBlocked(thread);
    thread.interrupt();
    t.join();
    assertThat(t.state()).isEqualTo(ThreadTimer.State.CANCELLED);
    assertThat(runs).hasValue(0);
  }

  @Test
  void negativeInterval_runsAtOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ThreadTimer t = timer(Duration.ofSeconds(-5), runs::incrementAndGet).build().start();
    t.join();
    assertThat(runs).hasValue(1);
  }

  @Test
  void systemClock_runsNotBeforeTheInterval() throws Exception {
    AtomicLong ranAt = new AtomicLong();
    long start = System.nanoTime();
    ThreadTimer t = ThreadTimer.start(Duration.ofMillis(20), () -> ranAt.set(System.nanoTime()));
    assertThat(t.join(LONG_DELAY)).isTrue();
    assertThat(ranAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
  }

  @Test
  void builder_threadKinds_andNames() throws Exception {
    ThreadTimer virtual = timer(Duration.ZERO, () -> {}).virtual(true).name("v-timer").build();
    assertThat(virtual.isDaemon()).isTrue();
    assertThat(virtual.name()).isEqualTo("v-timer");
    ThreadTimer daemon = timer(Duration.ZERO, () -> {}).daemon(true).build();
    assertThat(daemon.isDaemon()).isTrue();
    assertThat(daemon.name()).startsWith("timer-");
    assertThat(daemon.interval()).isEqualTo(Duration.ZERO);
    assertThat(daemon.toString()).contains("timer-", "WAITING");
    assertThatThrownBy(() -> timer(Duration.ZERO, () -> {}).virtual(true).daemon(false).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThreadTimer.builder(null, () -> {})).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ThreadTimer.builder(Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("action");
    virtual.start().join();
    daemon.start().join();
  }
}
