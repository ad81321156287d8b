package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.concurrency.sync.TestThreads.Body;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real deadlocks, and the waits that only look like them: the textbook scenarios (dining philosophers,
 * resource-allocation graphs with single and multiple instances after Silberschatz, Galvin and Gagne,
 * <i>Operating System Concepts</i>, chapter "Deadlocks") run on live threads, each thread blocking for real.
 * Each scenario arranges its holds, then lets the threads block one at a time (the next starts only once the
 * last is parked), so which thread completes the deadlock, the victim, is known.
 */
@Timeout(60)
final class DeadlockScenariosTest {

  private final DeadlockDetector detector =
      DeadlockDetector.builder().policy(DeadlockPolicy.DISABLED).detectDeadlocks(true).build();

  /** Starts {@code body} in a thread and waits until it is parked waiting for {@code queued}. */
  private static Thread blockOn(TestThreads threads, String name, BooleanSupplier queued, TestThreads.Body body) {
    Thread thread = threads.start(name, body);
    TestThreads.await(name + " blocks", queued);
    return thread;
  }

  // Scenario "dining philosophers" (Dijkstra; Silberschatz's classic problem): every philosopher holds the left
  // fork and reaches for the right one. The fifth to block closes the cycle and is the only victim; the
  // others eat once it puts its fork down.
  @Test
  void diningPhilosophers_allHoldTheLeftFork_theLastToBlockIsTheOnlyVictim() throws Exception {
    int seats = 5;
    Mutex[] forks = new Mutex[seats];
    for (int i = 0; i < seats; i++) {
      forks[i] = detector.newMutex("fork-" + i);
    }
    CyclicBarrier allHoldLeft = new CyclicBarrier(seats);
    List<DeadlockException> victims = new CopyOnWriteArrayList<>();
    AtomicInteger ate = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      for (int seat = 0; seat < seats; seat++) {
        Mutex left = forks[seat];
        Mutex right = forks[(seat + 1) % seats];
        threads.start(
            "philosopher-" + seat,
            () -> {
              left.lock();
              try {
                allHoldLeft.await(TestThreads.LONG.toSeconds(), TimeUnit.SECONDS);
                right.lock();
                ate.incrementAndGet();
                right.unlock();
              } catch (DeadlockException refused) {
                victims.add(refused);
              } finally {
                left.unlock();
              }
            });
      }
    }
    assertThat(victims).hasSize(1);
    assertThat(ate).hasValue(seats - 1);
    DeadlockException victim = victims.getFirst();
    assertThat(victim.cycle()).hasSize(seats);
    assertThat(victim.deadlocked()).hasSize(seats);
    assertThat(victim.cycle()).allSatisfy(e -> assertThat(e.reason()).isEqualTo(DeadlockException.Reason.HELD_BY));
  }

  // Scenario "single-instance resource-allocation graph with a deadlock" (Silberschatz's figure: R1 and R3 have
  // one instance, R2 two): P1 holds an R2 and requests R1; P2 holds R1 and an R2 and requests R3; P3 holds R3
  // and requests R2. Every instance of R2 is held by a blocked thread, so P3's request completes a deadlock of
  // all three.
  @Test
  void resourceAllocationGraph_withADeadlock_failsTheThreadThatCompletesIt() throws Exception {
    Mutex r1 = detector.newMutex("R1");
    CountingSemaphore r2 = detector.newSemaphore("R2", 2);
    Mutex r3 = detector.newMutex("R3");
    Phases phases = new Phases(3);
    AtomicReference<DeadlockException> refused = new AtomicReference<>();
    try (TestThreads threads = new TestThreads()) {
      Thread p1 =
          threads.start(
              "P1",
              () -> {
                r2.acquire();
                phases.holdAndWait();
                r1.lock(); // waits for P2
                r1.unlock();
                r2.release();
              });
      Thread p2 =
          threads.start(
              "P2",
              () -> {
                r1.lock();
                r2.acquire();
                phases.holdAndWait();
                r3.lock(); // waits for P3
                r3.unlock();
                r2.release();
                r1.unlock();
              });
      Thread p3 =
          threads.start(
              "P3",
              () -> {
                r3.lock();
                phases.holdAndWait();
                try {
                  r2.acquire(); // both instances of R2 are held by blocked threads: P3 completes the deadlock
                } catch (DeadlockException victim) {
                  refused.set(victim);
                } finally {
                  r3.unlock();
                }
              });
      phases.allHold();
      phases.request(p1, () -> r1.hasQueuedThread(p1));
      phases.request(p2, () -> r3.hasQueuedThread(p2));
      phases.request(p3, () -> !p3.isAlive() || r2.hasQueuedThread(p3));
    }
    DeadlockException victim = refused.get();
    assertThat(victim).isNotNull();
    assertThat(victim.deadlocked()).containsExactly("P3", "P1", "P2");
    assertThat(victim.cycle().getFirst().waiter()).isEqualTo("P3");
    assertThat(victim.cycle().getFirst().lock()).isEqualTo("R2");
    assertThat(victim.cycle().getLast().other()).isEqualTo("P3");
  }

  /**
   * The phases of a resource-allocation-graph scenario: every thread takes what it holds, then waits for its
   * turn to request; the main thread lets them request one at a time, each once the previous is parked.
   */
  private static final class Phases {
    private final CountDownLatch holding;
    private final java.util.Map<Thread, CountDownLatch> turns = new java.util.concurrent.ConcurrentHashMap<>();

    Phases(int threads) {
      this.holding = new CountDownLatch(threads);
    }

    void holdAndWait() throws InterruptedException {
      CountDownLatch turn = turns.computeIfAbsent(Thread.currentThread(), unused -> new CountDownLatch(1));
      holding.countDown();
      assertThat(turn.await(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    void allHold() throws InterruptedException {
      assertThat(holding.await(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    void request(Thread thread, BooleanSupplier parked) {
      turns.get(thread).countDown();
      TestThreads.await(thread.getName() + " requests", parked);
    }
  }

  // Scenario "resource-allocation graph with a cycle but no deadlock" (Silberschatz's figure: R1 and R2 have two
  // instances each): P1 holds an R2 and requests R1; P2 holds an R1; P3 holds an R1 and requests R2; P4 holds an
  // R2. P1 -> R1 -> P3 -> R2 -> P1 is a cycle, but P2 and P4 can finish and give their instances back, so
  // nobody is a victim, and everybody finishes.
  @Test
  void resourceAllocationGraph_cycleWithoutDeadlock_failsNobody() throws Exception {
    CountingSemaphore r1 = detector.newSemaphore("R1", 2);
    CountingSemaphore r2 = detector.newSemaphore("R2", 2);
    CountDownLatch p2Go = new CountDownLatch(1);
    CountDownLatch p4Go = new CountDownLatch(1);
    Phases phases = new Phases(4);
    AtomicInteger finished = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      Thread p1 =
          threads.start(
              "P1",
              () -> {
                r2.acquire();
                phases.holdAndWait();
                r1.acquire(); // both instances of R1 are P2's and P3's
                r1.release();
                r2.release();
                finished.incrementAndGet();
              });
      threads.start("P2", () -> holdUntil(r1, phases, p2Go, finished));
      Thread p3 =
          threads.start(
              "P3",
              () -> {
                r1.acquire();
                phases.holdAndWait();
                r2.acquire(); // closes the cycle P1 -> R1 -> P3 -> R2 -> P1; P4 will give an R2 back
                r2.release();
                r1.release();
                finished.incrementAndGet();
              });
      threads.start("P4", () -> holdUntil(r2, phases, p4Go, finished));
      phases.allHold();
      phases.request(p1, () -> r1.hasQueuedThread(p1));
      phases.request(p3, () -> r2.hasQueuedThread(p3)); // not refused: it waits
      p4Go.countDown(); // P4 gives an R2 back: P3 proceeds and gives its R1 back: P1 proceeds
      TestThreads.join(p3);
      TestThreads.join(p1);
      p2Go.countDown();
    }
    assertThat(finished).hasValue(4);
  }

  private static void holdUntil(CountingSemaphore resource, Phases phases, CountDownLatch go, AtomicInteger finished)
      throws InterruptedException {
    resource.acquire();
    phases.holding.countDown();
    go.await();
    resource.release();
    finished.incrementAndGet();
  }

  // Scenario "multiple instances, all held by blocked threads": a pool of two permits, each held by a thread
  // waiting for a mutex; the mutex's holder asks for a permit. A cycle through a multi-instance resource that
  // IS a deadlock, because no instance can come back.
  @Test
  void multiInstanceResource_everyInstanceHeldByABlockedThread_isADeadlock() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    Mutex mutex = detector.newMutex("mutex");
    mutex.lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        threads.start(
            "holder-" + i,
            () -> {
              pool.acquire();
              try {
                mutex.lock(); // waits for main
                mutex.unlock();
              } finally {
                pool.release();
              }
            });
        int queued = i + 1;
        TestThreads.await("holders queue", () -> mutex.getQueueLength() == queued);
      }
      DeadlockException refused;
      try {
        refused = catchThrowableOfType(DeadlockException.class, pool::acquire);
      } finally {
        mutex.unlock();
      }
      assertThat(refused.deadlocked()).containsExactlyInAnyOrder("main", "holder-0", "holder-1");
      assertThat(refused.cycle().getFirst())
          .isEqualTo(new DeadlockException.Edge("main", "pool", refused.cycle().getFirst().other()));
      assertThat(refused.cycle().getLast().other()).isEqualTo("main");
    }
    assertThat(pool.availablePermits()).isEqualTo(2);
  }

  // The same, but one permit's holder is still running: it will give the permit back, so there is no victim
  @Test
  void multiInstanceResource_oneHolderStillRunning_isNotADeadlock() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    Mutex mutex = detector.newMutex("mutex");
    CountDownLatch runnerHolds = new CountDownLatch(1);
    CountDownLatch runnerGo = new CountDownLatch(1);
    mutex.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "runner",
          () -> {
            pool.acquire();
            runnerHolds.countDown();
            runnerGo.await();
            pool.release();
          });
      runnerHolds.await();
      Thread blocked =
          threads.start(
              "blocked",
              () -> {
                pool.acquire();
                try {
                  mutex.lock();
                  mutex.unlock();
                } finally {
                  pool.release();
                }
              });
      TestThreads.await("blocked waits for the mutex", () -> mutex.hasQueuedThread(blocked));
      Thread main = Thread.currentThread();
      threads.start(
          "releaser",
          () -> {
            TestThreads.await("main waits for a permit", () -> pool.hasQueuedThread(main));
            runnerGo.countDown();
          });
      assertThatCode(pool::acquire).doesNotThrowAnyException(); // waits until the runner's permit comes back
      pool.release();
      mutex.unlock();
    }
    assertThat(pool.availablePermits()).isEqualTo(2);
  }

  // Scenario "fair queue": a fair semaphore serves its queue in order, so a small request waits behind a big
  // one at the head even with a permit free. A thread waiting behind a deadlocked head is deadlocked too.
  @Test
  void fairSemaphore_smallRequestBehindADeadlockedBigOne_isADeadlock() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2, Fairness.FAIR);
    Mutex mutex = detector.newMutex("mutex");
    CountDownLatch holds = new CountDownLatch(1);
    mutex.lock();
    try (TestThreads threads = new TestThreads()) {
      Thread holder =
          threads.start(
              "holder",
              () -> {
                pool.acquire();
                holds.countDown();
                try {
                  mutex.lock(); // waits for main
                  mutex.unlock();
                } finally {
                  pool.release();
                }
              });
      holds.await();
      TestThreads.await("holder waits", () -> mutex.hasQueuedThread(holder));
      Thread big =
          blockOn(
              threads,
              "big",
              () -> pool.hasQueuedThreads(),
              () -> {
                pool.acquire(2); // needs the holder's permit too
                pool.release(2);
              });
      assertThat(pool.availablePermits()).isEqualTo(1);

      DeadlockException refused;
      try {
        refused = catchThrowableOfType(DeadlockException.class, pool::acquire);
      } finally {
        mutex.unlock();
      }

      assertThat(refused.cycle().getFirst())
          .isEqualTo(new DeadlockException.Edge("main", "pool", "big", DeadlockException.Reason.QUEUED_BEHIND));
      assertThat(refused.deadlocked()).containsExactlyInAnyOrder("main", "big", "holder");
      TestThreads.join(big);
    }
  }

  // The contrast: a barging semaphore lets the small request take the free permit at once
  @Test
  void bargingSemaphore_smallRequestTakesTheFreePermitPastTheBigOne() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    try (TestThreads threads = new TestThreads()) {
      pool.acquire();
      blockOn(threads, "big", () -> pool.hasQueuedThreads(), () -> {
        pool.acquire(2);
        pool.release(2);
      });
      assertThatCode(pool::acquire).doesNotThrowAnyException();
      pool.release(2);
    }
  }

  // Scenario "writer preference": a reader that arrives while a writer waits first in the queue waits behind
  // the writer; if the writer waits for a reader that waits for the newcomer, all three are deadlocked
  @Test
  void readWriteLock_readerBehindAWriterThatWaitsForAReader_isADeadlock() throws Exception {
    ReadWriteMutex shared = detector.newReadWriteMutex("shared");
    Mutex mutex = detector.newMutex("mutex");
    CountDownLatch reads = new CountDownLatch(1);
    mutex.lock();
    try (TestThreads threads = new TestThreads()) {
      Thread reader =
          threads.start(
              "reader",
              () -> {
                shared.readLock().lock();
                reads.countDown();
                try {
                  mutex.lock(); // waits for main
                  mutex.unlock();
                } finally {
                  shared.readLock().unlock();
                }
              });
      reads.await();
      TestThreads.await("reader waits", () -> mutex.hasQueuedThread(reader));
      blockOn(
          threads,
          "writer",
          () -> shared.hasQueuedThreads(),
          () -> {
            shared.writeLock().lock(); // waits for the reader
            shared.writeLock().unlock();
          });

      DeadlockException refused;
      try {
        refused = catchThrowableOfType(DeadlockException.class, shared.readLock()::lock);
      } finally {
        mutex.unlock();
      }

      assertThat(refused.cycle().getFirst())
          .isEqualTo(new DeadlockException.Edge("main", "shared", "writer", DeadlockException.Reason.QUEUED_BEHIND));
      assertThat(refused.deadlocked()).containsExactlyInAnyOrder("main", "writer", "reader");
    }
  }

  // Scenario "a thread ended holding a lock": nobody will ever release it
  @Test
  void mutexHeldByAnEndedThread_waitingForItIsADeadlock() throws Exception {
    Mutex orphan = detector.newMutex("orphan");
    try (TestThreads threads = new TestThreads()) {
      threads.start("quitter", orphan::lock);
    }
    DeadlockException refused = catchThrowableOfType(DeadlockException.class, orphan::lock);
    assertThat(refused.cycle())
        .containsExactly(
            new DeadlockException.Edge("main", "orphan", "quitter", DeadlockException.Reason.HELD_BY_ENDED_THREAD));
    assertThat(refused).hasMessageContaining("which has ended");
  }

  // Scenario "self-deadlock on a semaphore": a thread holding every permit asks for one more, and nobody else
  // has ever given a permit back
  @Test
  void semaphore_holderOfEveryPermitAsksForMore_isADeadlock() throws Exception {
    CountingSemaphore pool = detector.newSemaphore("pool", 2);
    pool.acquire(2);
    DeadlockException refused = catchThrowableOfType(DeadlockException.class, pool::acquire);
    assertThat(refused.cycle()).containsExactly(new DeadlockException.Edge("main", "pool", "main"));
    assertThat(pool.availablePermits()).isZero();
    pool.release(2);
  }

  // Holt's consumable resources: a semaphore used as a signal (a thread waits for permits another thread
  // releases without taking them) is never reported, the first time (more permits asked than exist) or later
  // (the releaser is a producer that can still run)
  @Test
  void semaphoreUsedAsASignal_isNeverADeadlock() throws Exception {
    CountingSemaphore ready = detector.newSemaphore("ready", 0);
    try (TestThreads threads = new TestThreads()) {
      Thread consumer =
          threads.start(
              "consumer",
              () -> {
                for (int i = 0; i < 3; i++) {
                  ready.acquire(); // holds every permit it ever got: a consumer never gives back
                }
              });
      for (int i = 0; i < 3; i++) {
        TestThreads.await("consumer waits", () -> ready.hasQueuedThread(consumer));
        ready.release();
      }
    }
    assertThat(ready.availablePermits()).isZero();
  }

  // The same for an ownerless lock (Python's Lock) used as a latch: taken by one thread, opened by another
  @Test
  void ownerlessLockOpenedByAnotherThread_holderLockingAgainIsNotADeadlock() throws Exception {
    OwnerlessLock latch = detector.newOwnerlessLock("latch");
    Thread main = Thread.currentThread();
    latch.lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "opener",
          () -> {
            latch.unlock(); // a release of a hold it did not take: "opener" is a producer of the latch
            TestThreads.await("main waits", () -> latch.hasQueuedThread(main));
            latch.unlock();
          });
      TestThreads.await("opened", () -> !latch.isLocked());
      latch.lock();
      assertThatCode(latch::lock).as("the opener can still open it").doesNotThrowAnyException();
    }
    latch.unlock();
  }

  // Without anyone who ever opened it, locking it again is a deadlock of the holder with itself
  @Test
  void ownerlessLock_lockedAgainByItsHolder_isADeadlock() {
    OwnerlessLock lock = detector.newOwnerlessLock("self");
    lock.lock();
    assertThatThrownBy(lock::lock)
        .isInstanceOf(DeadlockException.class)
        .hasMessageContaining("thread 'main' waits for 'self' held by thread 'main'");
    lock.unlock();
  }

  // One graph: a cycle through locks of two detectors is a deadlock like any other (Guava
  // CycleDetectingLockFactoryTest.testDifferentLockFactories, for real deadlocks)
  @Test
  void cycleAcrossTwoDetectors_isFound() throws Exception {
    Mutex a = DeadlockDetector.create(DeadlockPolicy.DISABLED).newMutex("a");
    Mutex b = DeadlockDetector.create(DeadlockPolicy.DISABLED).newMutex("b");
    a.lock();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch holdsB = new CountDownLatch(1);
      Thread other =
          threads.start(
              "other",
              () -> {
                b.lock();
                holdsB.countDown();
                try {
                  a.lock();
                  a.unlock();
                } finally {
                  b.unlock();
                }
              });
      holdsB.await();
      TestThreads.await("other waits", () -> a.hasQueuedThread(other));
      DeadlockException refused = catchThrowableOfType(DeadlockException.class, b::lock);
      assertThat(refused.cycle())
          .containsExactly(new DeadlockException.Edge("main", "b", "other"), new DeadlockException.Edge("other", "a", "main"));
      a.unlock();
    }
  }

  // A timed wait ends by itself: in a cycle it times out (false), it does not fail, and it fails nobody
  @Test
  void timedWaitInACycle_timesOutInsteadOfFailing() throws Exception {
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    a.lock();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch holdsB = new CountDownLatch(1);
      Thread other =
          threads.start(
              "other",
              () -> {
                b.lock();
                holdsB.countDown();
                try {
                  assertThat(a.tryLock(TestThreads.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
                } finally {
                  b.unlock();
                }
              });
      holdsB.await();
      TestThreads.await("other waits", () -> a.hasQueuedThread(other));
      assertThatCode(b::lock).as("the timed waiter will let go: no victim").doesNotThrowAnyException();
      b.unlock();
      a.unlock();
    }
  }

  // Locks of a detector built with detectDeadlocks(false) are invisible to the wait-for graph
  @Test
  void detectDeadlocksOff_itsLocksAreNotPartOfTheWaitForGraph() throws Exception {
    Mutex visible = detector.newMutex("visible");
    Mutex invisible = DeadlockDetector.builder().detectDeadlocks(false).build().newMutex("invisible");
    invisible.lock();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch holds = new CountDownLatch(1);
      Thread other =
          threads.start(
              "other",
              () -> {
                visible.lock();
                holds.countDown();
                try {
                  invisible.lock(); // not announced: "other" counts as running
                  invisible.unlock();
                } finally {
                  visible.unlock();
                }
              });
      holds.await();
      TestThreads.await("other waits", () -> invisible.hasQueuedThread(other));
      assertThat(visible.tryLock(TestThreads.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
      invisible.unlock();
    }
  }

  // Atomic bookkeeping: a refused over-release of a bounded semaphore does not make the detector forget a hold.
  // Were the main thread's permit forgotten, taking the mutex would record no 'gate' -> 'mutex' edge, and the
  // reverse order below would pass unseen.
  @Test
  void refusedOverRelease_keepsTheHoldsTheDetectorKnows() throws Exception {
    DeadlockDetector checking = DeadlockDetector.create(DeadlockPolicy.THROW);
    BoundedSemaphore gate = checking.newBoundedSemaphore("gate", 2);
    Mutex mutex = checking.newMutex("mutex");
    gate.acquire();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "over-releaser",
          () ->
              assertThatThrownBy(() -> gate.release(2))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("released too many times"));
    }
    assertThat(gate.availablePermits()).isEqualTo(1);
    mutex.lock(); // gate -> mutex, since main still holds a permit of the gate
    mutex.unlock();
    gate.release();

    mutex.lock();
    assertThatThrownBy(gate::acquire).isInstanceOf(PotentialDeadlockException.class);
    mutex.unlock();
  }

  // The same rule on the wait-for graph: after the refused release the holder's permit still counts, so a
  // deadlock through it is found instead of hanging
  @Test
  void refusedOverRelease_deadlockThroughTheKeptHoldIsStillFound() throws Exception {
    BoundedSemaphore gate = detector.newBoundedSemaphore("gate", 2);
    Mutex mutex = detector.newMutex("mutex");
    mutex.lock();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch holds = new CountDownLatch(1);
      Thread holder =
          threads.start(
              "holder",
              () -> {
                gate.acquire();
                holds.countDown();
                try {
                  mutex.lock();
                  mutex.unlock();
                } finally {
                  gate.release();
                }
              });
      holds.await();
      TestThreads.await("holder waits", () -> mutex.hasQueuedThread(holder));
      assertThatThrownBy(() -> gate.release(2)).isInstanceOf(IllegalStateException.class);

      DeadlockException refused = catchThrowableOfType(DeadlockException.class, () -> gate.acquire(2));

      assertThat(refused.deadlocked()).containsExactlyInAnyOrder("main", "holder");
      mutex.unlock();
    }
  }

  /** A resource a thread can wait for, untimed and interruptibly, as the wait-for graph sees it. */
  private record Waitable(String kind, Body take, Body waitInterruptibly, Body give, Predicate<Thread> queued) {

    static List<Waitable> all(DeadlockDetector detector) {
      Mutex mutex = detector.newMutex("mutex");
      CountingSemaphore semaphore = detector.newSemaphore("semaphore", 1);
      ReadWriteMutex readWrite = detector.newReadWriteMutex("read-write");
      return List.of(
          new Waitable("Mutex", mutex::lock, mutex::lockInterruptibly, mutex::unlock, mutex::hasQueuedThread),
          new Waitable(
              "CountingSemaphore",
              semaphore::acquire,
              semaphore::acquire,
              semaphore::release,
              semaphore::hasQueuedThread),
          new Waitable(
              "ReadWriteMutex.writeLock",
              readWrite.writeLock()::lock,
              readWrite.writeLock()::lockInterruptibly,
              readWrite.writeLock()::unlock,
              readWrite::hasQueuedThread));
    }
  }

  // Atomic bookkeeping: a wait that ends by interruption leaves the wait-for graph. Were the stale wait kept,
  // main (holding the resource) waiting for 'x' (held by the interrupted thread, now running) would look like a
  // cycle and be refused.
  @Test
  void interruptedWait_leavesTheWaitForGraph_soNoFalseDeadlockFollows() throws Throwable {
    Thread main = Thread.currentThread();
    for (Waitable resource : Waitable.all(detector)) {
      Mutex x = detector.newMutex("x-" + resource.kind());
      resource.take().run();
      try (TestThreads threads = new TestThreads()) {
        CountDownLatch gaveUp = new CountDownLatch(1);
        Thread waiter =
            threads.start(
                "waiter",
                () -> {
                  x.lock();
                  try {
                    assertThatThrownBy(resource.waitInterruptibly()::run)
                        .isInstanceOf(InterruptedException.class);
                    gaveUp.countDown();
                    TestThreads.await("main waits for x", () -> x.hasQueuedThread(main));
                  } finally {
                    x.unlock();
                  }
                });
        TestThreads.await(resource.kind() + ": waiter waits", () -> resource.queued().test(waiter));
        waiter.interrupt();
        gaveUp.await();
        assertThatCode(x::lock).as(resource.kind()).doesNotThrowAnyException();
        x.unlock();
      } finally {
        resource.give().run();
      }
    }
  }

  // Atomic bookkeeping: a foreign unlock that the lock refuses leaves the owner's hold on the books. Were it
  // forgotten, taking 'next' would record no edge from the held lock, and the reverse order would pass unseen.
  @Test
  void refusedForeignUnlock_keepsTheOwnersHold() throws Exception {
    DeadlockDetector checking = DeadlockDetector.create(DeadlockPolicy.THROW);
    ReadWriteMutex readWrite = checking.newReadWriteMutex("read-write");
    List<Lock> owned =
        List.of(checking.newMutex("mutex"), checking.newReentrantMutex("reentrant"), readWrite.writeLock());
    for (Lock held : owned) {
      Mutex next = checking.newMutex("next-after-" + owned.indexOf(held));
      held.lock();
      try (TestThreads threads = new TestThreads()) {
        threads.start(
            "stranger",
            () -> assertThatThrownBy(held::unlock).isInstanceOf(IllegalMonitorStateException.class));
      }
      next.lock(); // held -> next, since main still holds 'held'
      next.unlock();
      held.unlock();

      next.lock();
      try {
        assertThatThrownBy(held::lock).as(held.toString()).isInstanceOf(PotentialDeadlockException.class);
      } finally {
        next.unlock();
      }
    }
  }

  // Atomic bookkeeping: an acquisition refused by the lock-order check takes nothing and records no edge. Had
  // it recorded 'b' -> 'a', taking them in the established order afterwards would close a cycle.
  @Test
  void refusedAcquisition_takesNothingAndRecordsNoEdge() {
    DeadlockDetector checking = DeadlockDetector.create(DeadlockPolicy.THROW);
    Mutex a = checking.newMutex("a");
    Mutex b = checking.newMutex("b");
    a.lock();
    b.lock();
    b.unlock();
    a.unlock();

    b.lock();
    assertThatThrownBy(a::lock).isInstanceOf(PotentialDeadlockException.class);
    assertThat(a.isLocked()).isFalse();
    b.unlock();

    assertThatCode(
            () -> {
              a.lock();
              b.lock();
              b.unlock();
              a.unlock();
            })
        .doesNotThrowAnyException();
    assertThat(a.isLocked() || b.isLocked()).isFalse();
  }
}
