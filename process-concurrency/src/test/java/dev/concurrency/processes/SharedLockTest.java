package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.Liveness;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedLockTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** What a JVM of the pool records as its own start, beside its pid. */
  static long[] ownPidAndStart() {
    return new long[] {Liveness.SELF_PID, Liveness.SELF_START};
  }

  /*
   * A lock's holder is judged alive by its pid and the start it recorded itself; a JVM started at another time
   * must read the same start for it, whatever the wall clock did in between, or it would take a live holder's
   * lock over.
   */
  @Test
  void holdersStart_recordedByItself_isTheStartAnotherJvmReadsForIt() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).build()) {
      long[] recorded = pool.submit(SharedLockTest::ownPidAndStart).get(LONG.toSeconds(), TimeUnit.SECONDS);

      assertThat(recorded[1]).isEqualTo(Liveness.startMark(recorded[0]));
      assertThat(Liveness.isAlive(recorded[0], recorded[1])).isTrue();
    }
  }

  // CPython: _test_multiprocessing.py _TestLock.test_lock
  @Test
  void lock_notReentrant_releaseTwiceRefused() {
    SharedLock lock = SharedLock.create();

    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    assertThat(lock.tryLock()).as("the holder cannot take it again").isFalse();
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();

    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  // CPython: _test_multiprocessing.py _TestLock.test_rlock
  @Test
  void rlock_takenThreeTimes_releasedThreeTimes_thenRefused() {
    SharedRLock lock = SharedRLock.create();

    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.lock();
    lock.lock();
    assertThat(lock.getHoldCount()).isEqualTo(3);
    lock.unlock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
    lock.unlock();

    assertThat(lock.getHoldCount()).isZero();
    assertThat(lock.isLocked()).isFalse();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
  }

  // CPython: _test_multiprocessing.py _TestLock.test_lock_context
  @Test
  void lockUnlockIdiom_leavesItFree() throws InterruptedException {
    Lock lock = SharedLock.create();
    lock.lock();
    try {
      assertThat(((SharedLock) lock).isHeldByCurrentThread()).isTrue();
    } finally {
      lock.unlock();
    }
    assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
    lock.unlock();
  }

  // CPython: _test_multiprocessing.py _TestLock.test_rlock_context
  @Test
  void rlock_lockUnlockIdiom_heldInside() {
    SharedRLock lock = SharedRLock.create();
    lock.lock();
    try {
      assertThat(lock.isLocked()).isTrue();
    } finally {
      lock.unlock();
    }
    assertThat(lock.isLocked()).isFalse();
  }

  /** Takes the lock, records what it says of itself and whether it is locked, and lets the parent go on. */
  record TakeAndReport(SharedMutex lock, SharedEvent taken, SharedValue<Boolean> locked, SharedArray<Byte> repr)
      implements SerializableRunnable {
    @Override
    public void run() {
      lock.lock();
      locked.set(lock.isLocked());
      repr.setValue(lock.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      taken.set();
    }
  }

  private static String text(SharedArray<Byte> bytes) {
    return new String(bytes.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  // CPython: _test_multiprocessing.py _TestLock.test_lock_locked_2processes
  @Test
  void lockTakenInAChild_isLockedHereAndThere() throws Exception {
    assertTakenInAChild_isLockedHereAndThere(SharedLock.create());
  }

  // CPython: _test_multiprocessing.py _TestLock.test_rlock_locked_2processes
  @Test
  void rlockTakenInAChild_isLockedHereAndThere() throws Exception {
    assertTakenInAChild_isLockedHereAndThere(SharedRLock.create());
  }

  private void assertTakenInAChild_isLockedHereAndThere(SharedMutex lock) throws InterruptedException {
    SharedEvent taken = SharedEvent.create();
    SharedValue<Boolean> locked = SharedValue.create(CType.BOOL, false);
    ChildProcess child = children.start(new TakeAndReport(lock, taken, locked, SharedArray.create(CType.CHAR, 100)));

    assertThat(taken.await(LONG)).isTrue();
    assertThat(lock.isLocked()).isTrue();
    assertThat(locked.get()).isTrue();
    assertThat(child.join(LONG)).isTrue();
  }

  /** Runs {@code body} in a thread named {@code name} and waits for it. */
  private static void inThreadNamed(String name, Runnable body) throws InterruptedException {
    Thread thread = new Thread(body, name);
    thread.start();
    thread.join(LONG.toMillis());
    assertThat(thread.isAlive()).isFalse();
  }

  // CPython: _test_multiprocessing.py _TestLock.test_repr_lock
  @Test
  void lockToString_namesTheHolderAsPythonDoes() throws Exception {
    SharedLock lock = SharedLock.create();
    assertThat(lock).hasToString("<SharedLock(owner=None)>");
    lock.lock();
    assertThat(lock).hasToString("<SharedLock(owner=MainProcess)>");
    lock.unlock();

    String[] seenByHolder = new String[1];
    inThreadNamed("T1", () -> {
      lock.lock();
      seenByHolder[0] = lock.toString();
    });
    assertThat(seenByHolder[0]).isEqualTo("<SharedLock(owner=MainProcess|T1)>");
    assertThat(lock).hasToString("<SharedLock(owner=SomeOtherThread)>");
    assertThat(lock.tryLock(LONG)).as("taken over: its holder thread ended").isTrue();
    lock.unlock();

    SharedArray<Byte> repr = SharedArray.create(CType.CHAR, 100);
    ChildProcess child = ChildProcess.builder(
            new TakeAndReport(lock, SharedEvent.create(), SharedValue.create(CType.BOOL, false), repr))
        .name("P1").jvmOptions(TestJvm.options()).build();
    child.start();
    assertThat(child.join(LONG)).isTrue();
    assertThat(text(repr)).isEqualTo("<SharedLock(owner=P1)>");

    SharedLock other = SharedLock.create();
    SharedEvent taken = SharedEvent.create();
    children.start(new HoldUntilKilled(other, taken, SharedEvent.create()));
    assertThat(taken.await(LONG)).isTrue();
    assertThat(other).hasToString("<SharedLock(owner=SomeOtherProcess)>");
  }

  /** Takes the lock {@code holds} times and reports what it says then, and releases it. */
  record HoldTimes(SharedRLock lock, int holds, SharedArray<Byte> repr) implements SerializableRunnable {
    @Override
    public void run() {
      for (int i = 0; i < holds; i++) {
        lock.lock();
      }
      repr.setValue(lock.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int i = 0; i < holds; i++) {
        lock.unlock();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestLock.test_repr_rlock
  @Test
  void rlockToString_namesTheHolderAndCount() throws Exception {
    SharedRLock lock = SharedRLock.create();
    assertThat(lock).hasToString("<SharedRLock(None, 0)>");
    for (int i = 0; i < 3; i++) {
      lock.lock();
    }
    assertThat(lock).hasToString("<SharedRLock(MainProcess, 3)>");
    for (int i = 0; i < 3; i++) {
      lock.unlock();
    }

    for (int n = 1; n <= 3; n++) {
      SharedArray<Byte> repr = SharedArray.create(CType.CHAR, 100);
      inThreadNamed("T" + n, new HoldTimes(lock, n, repr));
      assertThat(text(repr)).isEqualTo("<SharedRLock(MainProcess|T" + n + ", " + n + ")>");
    }

    SharedRLock held = SharedRLock.create();
    inThreadNamed("T", held::lock);
    assertThat(held).hasToString("<SharedRLock(SomeOtherThread, nonzero)>");

    SharedArray<Byte> repr = SharedArray.create(CType.CHAR, 100);
    ChildProcess child = ChildProcess.builder(new HoldTimes(lock, 1, repr)).name("P1").jvmOptions(TestJvm.options()).build();
    child.start();
    assertThat(child.join(LONG)).isTrue();
    assertThat(text(repr)).isEqualTo("<SharedRLock(P1, 1)>");

    SharedRLock byChild = SharedRLock.create();
    SharedEvent taken = SharedEvent.create();
    children.start(new TakeAndReport(byChild, taken, SharedValue.create(CType.BOOL, false), SharedArray.create(CType.CHAR, 100)));
    assertThat(taken.await(LONG)).isTrue();
    assertThat(byChild).hasToString("<SharedRLock(SomeOtherProcess, nonzero)>");
  }

  @Test
  void holder_lockAgain_refusedInsteadOfDeadlock_timedTryWaitsItsTimeout() throws InterruptedException {
    SharedLock lock = SharedLock.create();
    lock.lock();
    try {
      assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
      long start = System.nanoTime();
      assertThat(lock.tryLock(Duration.ofMillis(50))).isFalse();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    } finally {
      lock.unlock();
    }
  }

  @Test
  void unlock_byAnotherThread_refused() throws Exception {
    SharedLock lock = SharedLock.create();
    lock.lock();
    try {
      CompletableFuture<Void> other = CompletableFuture.runAsync(lock::unlock, OwnThread.EACH);
      assertThatThrownBy(() -> other.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalMonitorStateException.class);
      assertThat(lock.isHeldByCurrentThread()).isTrue();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void lockInterruptibly_interrupted_throwsAndDoesNotTakeIt() throws Exception {
    SharedLock lock = SharedLock.create();
    lock.lock();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Throwable> waiter = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      waiting.countDown();
      try {
        lock.lockInterruptibly();
        waiter.complete(null);
      } catch (InterruptedException e) {
        waiter.complete(e);
      }
    });
    thread.start();
    assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();

    thread.interrupt();

    assertThat(waiter.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  /** Adds one to a shared counter, {@code times} times, each under the lock, with a plain read and write. */
  record CountUnderLock(SharedLock lock, SharedValue<Integer> counter, int times) implements SerializableRunnable {
    @Override
    public void run() {
      for (int i = 0; i < times; i++) {
        lock.lock();
        try {
          counter.set(counter.get() + 1);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  @Test
  void mutualExclusion_acrossProcessesAndThreads_noUpdateLost() throws Exception {
    SharedLock lock = SharedLock.create();
    SharedValue<Integer> counter = SharedValue.createRaw(CType.INT, 0);
    ChildProcess child = children.start(new Parties(new CountUnderLock(lock, counter, 2_000), 2));

    new CountUnderLock(lock, counter, 2_000).run();

    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
    assertThat(counter.get()).isEqualTo(6_000);
  }

  /** Takes the lock, says so, and waits to be killed. */
  record HoldUntilKilled(SharedLock lock, SharedEvent locked, SharedEvent never) implements SerializableRunnable {
    @Override
    public void run() {
      lock.lock();
      locked.set();
      try {
        never.await(LONG);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void holderKilled_nextLockerTakesItOver_andIsTold() throws Exception {
    SharedLock lock = SharedLock.create();
    SharedEvent locked = SharedEvent.create();
    ChildProcess holder = children.start(new HoldUntilKilled(lock, locked, SharedEvent.create()));
    assertThat(locked.await(LONG)).isTrue();
    assertThat(lock.tryLock()).isFalse();

    holder.kill();
    assertThat(holder.join(LONG)).isTrue();

    assertThat(lock.tryLock(LONG)).as("taken over from the dead holder").isTrue();
    assertThat(lock.ownerDied()).isTrue();
    lock.unlock();
    lock.lock();
    assertThat(lock.ownerDied()).as("a normal acquire after the recovery").isFalse();
    lock.unlock();
  }

  @Test
  void holderThreadEnded_anotherThreadTakesItOver() throws Exception {
    SharedRLock lock = SharedRLock.create();
    Thread holder = new Thread(() -> {
      lock.lock();
      lock.lock(); // ends holding it twice
    });
    holder.start();
    holder.join(LONG.toMillis());

    assertThat(lock.tryLock(LONG)).isTrue();
    assertThat(lock.ownerDied()).isTrue();
    assertThat(lock.getHoldCount()).as("the dead holder's holds are not inherited").isEqualTo(1);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void handle_serializedCopy_isTheSameLock() throws Exception {
    SharedLock lock = SharedLock.create();
    SharedLock copy = SerializedCopy.of(lock);

    assertThat(copy).isEqualTo(lock).hasSameHashCodeAs(lock);
    lock.lock();
    try {
      assertThat(copy.isLocked()).isTrue();
      assertThat(copy.isHeldByCurrentThread()).as("the same thread holds it, whichever handle it used").isTrue();
      assertThat(copy.toString()).isEqualTo(lock.toString());
    } finally {
      copy.unlock();
    }
    assertThat(lock.toString()).isEqualTo("<SharedLock(owner=None)>");
    assertThat(lock).isNotEqualTo(SharedLock.create());
  }

  @Test
  void newCondition_isACrossProcessConditionOfThisLock() throws Exception {
    SharedLock lock = SharedLock.create();
    SharedCondition condition = lock.newCondition();
    lock.lock();
    try {
      assertThat(condition.await(Duration.ofMillis(20))).isFalse();
      assertThat(lock.isHeldByCurrentThread()).isTrue();
    } finally {
      lock.unlock();
    }
    assertThat(condition.getLock()).isSameAs(lock);
  }
}
