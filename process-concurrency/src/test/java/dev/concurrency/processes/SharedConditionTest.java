package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jspecify.annotations.Nullable;

@Timeout(120)
final class SharedConditionTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  /** How long a check that nothing happened waits: long enough for a wrong wake-up to show. */
  private static final Duration QUIET = Duration.ofMillis(200);

  private final Children children = new Children();
  private final List<CompletableFuture<Void>> threads = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    children.close();
    for (CompletableFuture<Void> thread : threads) {
      thread.get(60, TimeUnit.SECONDS); // a failure in a waiter thread fails the test
    }
  }

  /** Python's {@code f}: holds the lock, says it sleeps, waits (with a timeout or not), says it woke. */
  record Waiter(SharedCondition condition, SharedSemaphore sleeping, SharedSemaphore woken, @Nullable Duration timeout)
      implements SerializableRunnable {
    @Override
    public void run() {
      condition.lock();
      try {
        sleeping.release();
        if (timeout == null) {
          condition.await();
        } else {
          condition.await(timeout);
        }
        woken.release();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        condition.unlock();
      }
    }
  }

  private void inThread(Runnable body) {
    threads.add(CompletableFuture.runAsync(body, runnable -> new Thread(runnable).start()));
  }

  private static void acquire(SharedSemaphore semaphore, int times) throws InterruptedException {
    for (int i = 0; i < times; i++) {
      assertThat(semaphore.tryAcquire(LONG)).isTrue();
    }
  }

  private static void signal(SharedCondition condition, int n) {
    condition.lock();
    try {
      condition.signal(n);
    } finally {
      condition.unlock();
    }
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_notify
  @Test
  void signal_wakesOneWaiterAtATime_processOrThread() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedSemaphore sleeping = SharedSemaphore.create(0);
    SharedSemaphore woken = SharedSemaphore.create(0);
    children.start(new Waiter(condition, sleeping, woken, null));
    inThread(new Waiter(condition, sleeping, woken, null));
    acquire(sleeping, 2);
    awaitWaiting(condition, 2);
    assertThat(woken.tryAcquire(QUIET)).as("nobody woke yet").isFalse();

    signal(condition, 1);
    acquire(woken, 1);
    assertThat(woken.tryAcquire(QUIET)).as("only one woke").isFalse();

    signal(condition, 1);
    acquire(woken, 1);
    awaitWaiting(condition, 0);
  }

  /** Waits, bounded, until {@code n} threads wait on the condition (they said they would, holding the lock). */
  private static void awaitWaiting(SharedCondition condition, int n) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (condition.waitingCount() != n) {
      assertThat(System.nanoTime()).as("%s waiters within %s", n, LONG).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a bounded spin that leaves the CPU to the others
    }
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_notify_all
  @Test
  void signalAll_wakesEveryWaiter_timedOutOnesAreNotCounted() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedSemaphore sleeping = SharedSemaphore.create(0);
    SharedSemaphore woken = SharedSemaphore.create(0);
    children.start(new Parties(new Waiter(condition, sleeping, woken, Duration.ofMillis(100)), 3));
    for (int i = 0; i < 3; i++) {
      inThread(new Waiter(condition, sleeping, woken, Duration.ofMillis(100)));
    }
    acquire(sleeping, 6);
    acquire(woken, 6); // all timed out
    awaitWaiting(condition, 0);

    children.start(new Parties(new Waiter(condition, sleeping, woken, null), 3));
    for (int i = 0; i < 3; i++) {
      inThread(new Waiter(condition, sleeping, woken, null));
    }
    acquire(sleeping, 6);
    awaitWaiting(condition, 6);
    assertThat(woken.tryAcquire(QUIET)).isFalse();

    condition.lock();
    try {
      condition.signalAll();
    } finally {
      condition.unlock();
    }

    acquire(woken, 6);
    awaitWaiting(condition, 0);
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_notify_n
  @Test
  void signalN_wakesExactlyN() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedSemaphore sleeping = SharedSemaphore.create(0);
    SharedSemaphore woken = SharedSemaphore.create(0);
    children.start(new Parties(new Waiter(condition, sleeping, woken, null), 3));
    for (int i = 0; i < 3; i++) {
      inThread(new Waiter(condition, sleeping, woken, null));
    }
    acquire(sleeping, 6);
    awaitWaiting(condition, 6);
    assertThat(woken.tryAcquire(QUIET)).isFalse();

    signal(condition, 2);
    acquire(woken, 2);
    assertThat(woken.tryAcquire(QUIET)).isFalse();

    signal(condition, 4);
    acquire(woken, 4);

    condition.lock();
    try {
      assertThat(condition.signal(3)).as("nobody is left to wake").isZero();
    } finally {
      condition.unlock();
    }
    assertThat(woken.availablePermits()).isZero();
    awaitWaiting(condition, 0);
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_timeout
  @Test
  void await_timeout_returnsFalseAfterIt() throws InterruptedException {
    SharedCondition condition = SharedCondition.create();
    condition.lock();
    long start = System.nanoTime();
    boolean notified;
    try {
      notified = condition.await(Duration.ofMillis(100));
    } finally {
      condition.unlock();
    }
    assertThat(notified).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
  }

  /** Sets the state to 0, signals, and waits until it is 4; exits with 1 if that did not hold. */
  record WaitForFour(SharedCondition condition, SharedValue<Integer> state) implements SerializableRunnable {
    @Override
    public void run() {
      condition.lock();
      try {
        state.set(0);
        condition.signal();
        if (!condition.waitFor(() -> state.get() == 4) || state.get() != 4) {
          System.exit(1);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        condition.unlock();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_waitfor
  @Test
  void waitFor_predicateBecomesTrueInAnotherProcess() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedValue<Integer> state = SharedValue.create(CType.INT, -1);
    ChildProcess child = children.start(new WaitForFour(condition, state));

    condition.lock();
    try {
      assertThat(condition.waitFor(() -> state.get() == 0, LONG)).isTrue();
      assertThat(state.get()).isZero();
    } finally {
      condition.unlock();
    }
    for (int i = 0; i < 4; i++) {
      condition.lock();
      try {
        state.set(state.get() + 1);
        condition.signal();
      } finally {
        condition.unlock();
      }
    }

    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  /** Says it started, then waits for state 4 with a 100 ms timeout, and records whether that timed out right. */
  record WaitForFourBriefly(SharedCondition condition, SharedValue<Integer> state, SharedValue<Boolean> success,
      SharedSemaphore started) implements SerializableRunnable {
    @Override
    public void run() {
      started.release();
      condition.lock();
      try {
        long start = System.nanoTime();
        boolean result = condition.waitFor(() -> state.get() == 4, Duration.ofMillis(100));
        if (!result && System.nanoTime() - start >= Duration.ofMillis(100).toNanos()) {
          success.set(true);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        condition.unlock();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_waitfor_timeout
  @Test
  void waitFor_predicateNeverTrue_timesOut() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedValue<Integer> state = SharedValue.create(CType.INT, 0);
    SharedValue<Boolean> success = SharedValue.create(CType.BOOL, false);
    SharedSemaphore started = SharedSemaphore.create(0);
    ChildProcess child = children.start(new WaitForFourBriefly(condition, state, success, started));
    assertThat(started.tryAcquire(LONG)).isTrue();

    for (int i = 0; i < 3; i++) {
      condition.lock();
      try {
        state.set(state.get() + 1);
        condition.signal();
      } finally {
        condition.unlock();
      }
    }

    assertThat(child.join(LONG)).isTrue();
    assertThat(success.get()).isTrue();
  }

  /** Signals once. */
  record SignalOnce(SharedCondition condition) implements SerializableRunnable {
    @Override
    public void run() {
      condition.lock();
      try {
        condition.signal();
      } finally {
        condition.unlock();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestCondition.test_wait_result
  @Test
  void await_resultSaysWhetherNotified_andAnInterruptEndsIt() throws Exception {
    SharedCondition condition = SharedCondition.create();
    condition.lock();
    try {
      assertThat(condition.await(Duration.ZERO)).isFalse();
      assertThat(condition.await(Duration.ofMillis(100))).isFalse();

      children.start(new SignalOnce(condition));
      assertThat(condition.await(LONG)).isTrue();

      Thread.currentThread().interrupt(); // Python's test sends SIGINT: KeyboardInterrupt ends the wait
      assertThatThrownBy(() -> condition.await(LONG)).isInstanceOf(InterruptedException.class);
      assertThat(((SharedRLock) condition.getLock()).isHeldByCurrentThread()).as("held again before throwing").isTrue();
    } finally {
      condition.unlock();
    }
  }

  @Test
  void awaitOrSignal_withoutTheLock_refused() {
    SharedCondition condition = SharedCondition.create();

    assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(condition::signalAll).isInstanceOf(IllegalMonitorStateException.class);
  }

  @Test
  void reentrantLock_heldTwice_isReleasedFullyWhileWaiting_andRestored() throws Exception {
    SharedRLock lock = SharedRLock.create();
    SharedCondition condition = SharedCondition.create(lock);
    lock.lock();
    lock.lock();
    CompletableFuture<Boolean> other = new CompletableFuture<>();
    try {
      inThread(() -> {
        try {
          boolean taken = lock.tryLock(LONG); // free only once the waiter has released both holds
          if (taken) {
            condition.signal();
            lock.unlock();
          }
          other.complete(taken);
        } catch (InterruptedException e) {
          other.completeExceptionally(e);
        }
      });
      assertThat(condition.await(LONG)).isTrue();
      assertThat(other.get(60, TimeUnit.SECONDS)).as("the other thread took the lock while this one waited").isTrue();
      assertThat(lock.getHoldCount()).isEqualTo(2);
    } finally {
      lock.unlock();
      lock.unlock();
    }
  }

  @Test
  void tooManyWaiters_refusedNamingTheSetting() throws Exception {
    SharedCondition condition = SharedCondition.create(SharedRLock.create(), 1);
    SharedSemaphore sleeping = SharedSemaphore.create(0);
    SharedSemaphore woken = SharedSemaphore.create(0);
    inThread(new Waiter(condition, sleeping, woken, null));
    acquire(sleeping, 1);
    awaitWaiting(condition, 1);

    condition.lock();
    try {
      assertThatThrownBy(() -> condition.await(Duration.ofMillis(10)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maxWaiters");
      condition.signalAll();
    } finally {
      condition.unlock();
    }
    acquire(woken, 1);
  }

  /** Waits on the condition, having said so; is killed while waiting. */
  record WaitUntilKilled(SharedCondition condition, SharedSemaphore sleeping) implements SerializableRunnable {
    @Override
    public void run() {
      condition.lock();
      try {
        sleeping.release();
        condition.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        condition.unlock();
      }
    }
  }

  @Test
  void waiterKilled_signalSkipsIt_andWakesALiveOne() throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedSemaphore sleeping = SharedSemaphore.create(0);
    SharedSemaphore woken = SharedSemaphore.create(0);
    ChildProcess doomed = children.start(new WaitUntilKilled(condition, sleeping));
    acquire(sleeping, 1);
    awaitWaiting(condition, 1);
    inThread(new Waiter(condition, sleeping, woken, null));
    acquire(sleeping, 1);
    awaitWaiting(condition, 2);

    doomed.kill();
    assertThat(doomed.join(LONG)).isTrue();
    signal(condition, 1);

    acquire(woken, 1); // the live waiter, though the dead one waited longer
  }
}
