package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Potential deadlocks found single-threaded, as Guava's {@code CycleDetectingLockFactoryTest} does. */
@Timeout(30)
final class DeadlockDetectorTest {

  private final DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);

  // Guava CycleDetectingLockFactoryTest.testDeadlock_twoLocks
  @Test
  void lock_reverseOrderOfAnEarlierAcquisition_throwsNamingTheCycle() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    a.lock();
    b.lock();
    b.unlock();
    a.unlock();

    b.lock();
    PotentialDeadlockException problem = catchThrowableOfType(PotentialDeadlockException.class, a::lock);

    assertThat(problem)
        .hasMessageContaining("takes 'a' while holding 'b'")
        .hasMessageContaining("'b' -> 'a' -> 'b'");
    assertThat(problem.cycle()).extracting(e -> e.from() + ">" + e.to()).containsExactly("b>a", "a>b");
    assertThat(problem.cycle()).allSatisfy(edge -> assertThat(edge.thread()).isEqualTo("main"));
    assertThat(a.isLocked()).as("the refused lock is not taken").isFalse();
    b.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testDeadlock_threeLocks
  @Test
  void lock_closingALongerCycle_reportsEveryEdgeWithItsStack() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    Mutex c = detector.newMutex("c");
    lockPair(a, b);
    lockPair(b, c);

    c.lock();
    PotentialDeadlockException problem = catchThrowableOfType(PotentialDeadlockException.class, a::lock);
    c.unlock();

    assertThat(problem.cycle()).extracting(e -> e.from() + ">" + e.to()).containsExactly("c>a", "a>b", "b>c");
    assertThat(problem.getSuppressed()).hasSize(3);
    StringWriter printed = new StringWriter();
    problem.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .contains("order 'a' -> 'b' (thread 'main') first taken here")
        .contains("at dev.concurrency.sync.DeadlockDetectorTest.lockPair");
    assertThat(problem.cycle().get(1).stack().getFirst().getMethodName()).isEqualTo("lockPair");
  }

  private static void lockPair(java.util.concurrent.locks.Lock first, java.util.concurrent.locks.Lock second) {
    first.lock();
    second.lock();
    second.unlock();
    first.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testReentrantLock_tryLock / the consistent-order case
  @Test
  void lock_sameOrderEveryTime_isFine() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    for (int i = 0; i < 3; i++) {
      lockPair(a, b);
    }
    assertThat(a.tryLock()).isTrue();
    a.unlock();
  }

  // Guava CycleDetectingLockFactoryTest.testDeadlock_sameLockTwice-style: reentry adds no edge
  @Test
  void reentrantMutex_reenteredWhileHoldingOthers_isNotACycle() {
    ReentrantMutex r = detector.newReentrantMutex("r");
    Mutex m = detector.newMutex("m");
    r.lock();
    m.lock();
    r.lock();
    r.unlock();
    m.unlock();
    r.unlock();
    assertThat(r.isLocked()).isFalse();
  }

  @Test
  void tryLock_reverseOrder_isAllowedBecauseItNeverWaits() {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    lockPair(a, b);
    b.lock();
    assertThat(a.tryLock()).isTrue();
    a.unlock();
    b.unlock();
  }

  // Ours: covers ownerless locks and semaphores, which ThreadMXBean cannot see
  @Test
  void semaphoreAndOwnerlessLock_reverseOrder_throw() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    OwnerlessLock gate = detector.newOwnerlessLock("gate");
    pool.acquire();
    gate.lock();
    gate.unlock();
    pool.release();

    gate.lock();
    assertThatThrownBy(pool::acquire).isInstanceOf(PotentialDeadlockException.class);
    assertThatThrownBy(() -> pool.tryAcquire(Duration.ofMillis(1)))
        .isInstanceOf(PotentialDeadlockException.class);
    assertThatThrownBy(() -> pool.acquireUninterruptibly(1)).isInstanceOf(PotentialDeadlockException.class);
    assertThat(pool.availablePermits()).isEqualTo(2);
    gate.unlock();
  }

  // Ours: an ownerless lock released by another thread no longer counts against the thread that took it
  @Test
  void ownerlessLock_releasedByAnotherThread_isForgottenByItsTaker() throws Exception {
    OwnerlessLock gate = detector.newOwnerlessLock("gate");
    Mutex m = detector.newMutex("m");
    gate.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("releaser", gate::unlock);
    }
    m.lock(); // were 'gate' still counted as held here, this would record gate -> m
    m.unlock();
    gate.lock();
    gate.unlock();
    m.lock();
    try {
      // m -> gate: no cycle, since gate -> m was never recorded
      assertThatCode(() -> {
            gate.lock();
            gate.unlock();
          })
          .doesNotThrowAnyException();
    } finally {
      m.unlock();
    }
  }

  @Test
  void warn_reportsEachCycleOnceAndTakesTheLock() {
    List<PotentialDeadlockException> warnings = new CopyOnWriteArrayList<>();
    DeadlockDetector warning =
        DeadlockDetector.builder().policy(DeadlockPolicy.WARN).warnings(warnings::add).build();
    Mutex a = warning.newMutex("a");
    Mutex b = warning.newMutex("b");
    lockPair(a, b);

    lockPair(b, a);
    lockPair(b, a);

    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst().cycle()).hasSize(2);
  }

  @Test
  void warn_defaultHandler_logsAndProceeds() throws Exception {
    DeadlockDetector warning = DeadlockDetector.create(DeadlockPolicy.WARN);
    Mutex a = warning.newMutex("a");
    Mutex b = warning.newMutex("b", Fairness.FAIR);
    lockPair(a, b);
    b.lockInterruptibly();
    assertThat(a.tryLock(1, TimeUnit.SECONDS)).isTrue();
    a.unlock();
    b.unlock();
  }

  @Test
  void disabled_checksNothing() {
    DeadlockDetector off =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(false).build();
    Mutex a = off.newMutex("a");
    Mutex b = off.newMutex("b");
    lockPair(a, b);
    lockPair(b, a);
    assertThat(a.isLocked()).isFalse();
  }

  // Ours: a real deadlock between two threads fails in exactly one victim, and the other proceeds
  @Test
  void waitForGraph_realDeadlock_failsOneVictimAndTheOtherProceeds() throws Exception {
    DeadlockDetector real =
        DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();
    Mutex left = real.newMutex("left");
    Mutex right = real.newMutex("right");
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    List<DeadlockException> victims = new CopyOnWriteArrayList<>();
    AtomicInteger completed = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      threads.start("t1", () -> crossLock(left, right, bothHoldOne, victims, completed));
      threads.start("t2", () -> crossLock(right, left, bothHoldOne, victims, completed));
    }
    assertThat(victims).hasSize(1);
    assertThat(completed).hasValue(1);
    DeadlockException victim = victims.getFirst();
    assertThat(victim.cycle()).hasSize(2);
    assertThat(victim).hasMessageContaining("waits for").hasMessageContaining("held by thread");
    assertThat(left.isLocked()).isFalse();
    assertThat(right.isLocked()).isFalse();
  }

  private static void crossLock(
      Mutex first,
      Mutex second,
      CountDownLatch bothHoldOne,
      List<DeadlockException> victims,
      AtomicInteger completed)
      throws InterruptedException {
    first.lock();
    try {
      bothHoldOne.countDown();
      bothHoldOne.await();
      second.lock();
      second.unlock();
      completed.incrementAndGet();
    } catch (DeadlockException victim) {
      victims.add(victim);
    } finally {
      first.unlock();
    }
  }

  // Ours: a thread waiting for an ownerless lock it holds itself is a one-thread deadlock
  @Test
  void waitForGraph_ownerlessLockTakenTwiceBySameThread_isADeadlock() {
    OwnerlessLock lock = detector.newOwnerlessLock("self");
    lock.lock();

    assertThatThrownBy(lock::lock)
        .isInstanceOf(DeadlockException.class)
        .hasMessageContaining("thread 'main' waits for 'self' held by thread 'main'");
    lock.unlock();
  }

  @Test
  void edge_andExceptions_checkTheirParts() {
    assertThatThrownBy(() -> new PotentialDeadlockException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PotentialDeadlockException.Edge.here("x", "y")).hasToString("'x' -> 'y' (thread 'main')");
    assertThat(new DeadlockException.Edge("t", "l", "h"))
        .hasToString("thread 't' waits for 'l' held by thread 'h'");
    assertThat(detector.newBoundedSemaphore("b", 1).bound()).isEqualTo(1);
    assertThat(detector.newMutex("named")).hasToString("named[unlocked]");
  }
}
