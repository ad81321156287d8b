package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.sync} ({@code {@snippet class=... region=...}}), run,
 * with what its comments claim checked after each region.
 */
@Timeout(60)
final class SyncSnippetsTest {

  @Test
  void mutex_guardsTheSharedState() {
    int balance = 100;
    // @start region="mutex"
    Mutex mutex = Mutex.create();
    mutex.lock();
    try {
      balance += 10; // touch the shared state
    } finally {
      mutex.unlock();
    }
    // @end

    assertThat(balance).isEqualTo(110);
    assertThat(mutex.isLocked()).isFalse();
  }

  @Test
  void reentrantMutex_takenAgainByAHelper() {
    // @start region="reentrantMutex"
    ReentrantMutex lock = ReentrantMutex.create();
    lock.lock();
    try {
      int holds = helperThatAlsoLocks(lock); // takes the same lock again: fine, 2 holds
    } finally {
      lock.unlock();
    }
    // @end

    lock.lock();
    assertThat(helperThatAlsoLocks(lock)).isEqualTo(2);
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  private static int helperThatAlsoLocks(ReentrantMutex lock) {
    lock.lock();
    try {
      return lock.getHoldCount();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void ownerlessLock_releasedByAnotherThread() throws Exception {
    List<String> work = new CopyOnWriteArrayList<>();
    // @start region="ownerlessLock"
    OwnerlessLock done = OwnerlessLock.create();
    done.lock(); // taken by this thread ...
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  work.add("worked");
                  done.unlock(); // ... released by the worker
                });
    done.lock(); // waits for the worker
    // @end

    assertThat(work).containsExactly("worked");
    TestThreads.join(worker);
    done.unlock();
  }

  @Test
  @SuppressWarnings("try") // the resource is held for its scope only, as the Javadoc shows
  void countingSemaphore_permitInTryWithResources() throws Exception {
    // @start region="countingSemaphore"
    CountingSemaphore connections = CountingSemaphore.create(10);

    try (CountingSemaphore.Permit permit = connections.acquirePermit()) {
      // at most ten threads are here at once
      int left = connections.availablePermits(); // 9
    }
    // @end

    assertThat(connections.availablePermits()).isEqualTo(10);
    try (CountingSemaphore.Permit permit = connections.acquirePermit()) {
      assertThat(connections.availablePermits()).isEqualTo(9);
    }
  }

  @Test
  void boundedSemaphore_releasedTooOften() throws Exception {
    // @start region="boundedSemaphore"
    BoundedSemaphore pool = BoundedSemaphore.create(2);
    pool.acquire();
    pool.release();
    Throwable refused = catchThrowable(pool::release); // IllegalStateException: released too many times
    // @end

    assertThat(refused).isInstanceOf(IllegalStateException.class).hasMessageContaining("released too many times");
    assertThat(pool.availablePermits()).isEqualTo(2);
  }

  @Test
  void conditionVariable_consumerWaitsForTheProducer() throws Exception {
    Deque<String> queue = new ArrayDeque<>();
    String taken = null;
    // @start region="conditionVariable"
    ConditionVariable cv = ConditionVariable.create();
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  cv.acquire();
                  try {
                    queue.add("job");
                    cv.signal();
                  } finally {
                    cv.release();
                  }
                });
    // the consumer
    cv.acquire();
    try {
      if (cv.waitFor(() -> !queue.isEmpty(), Duration.ofSeconds(10))) {
        taken = queue.remove();
      }
    } finally {
      cv.release();
    }
    // @end

    TestThreads.join(producer);
    assertThat(taken).isEqualTo("job");
  }

  @Test
  void event_othersWaitUntilTheWorkerIsReady() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    // @start region="event"
    Event ready = new Event();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  log.add("prepared");
                  ready.set();
                });
    ready.await(); // returns once the worker has set it
    log.add("used");
    // @end

    TestThreads.join(worker);
    assertThat(log).containsExactly("prepared", "used");
    assertThat(ready.isSet()).isTrue();
  }

  @Test
  void barrier_threePartiesAndTheAction() {
    List<String> log = new CopyOnWriteArrayList<>();
    // @start region="barrier"
    Barrier barrier = Barrier.builder(3).action(() -> log.add("round done")).build();
    List<Integer> indices = new CopyOnWriteArrayList<>();
    try (ExecutorService parties = Executors.newFixedThreadPool(3)) {
      for (int i = 0; i < 3; i++) {
        parties.submit(() -> indices.add(barrier.await())); // 0, 1 or 2: the order of arrival
      }
    } // close() waits for the three; the action ran once, when the last one arrived
    // @end

    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(log).containsExactly("round done");
  }

  /** A cache guarded by a read-write lock, as {@link ReadWriteMutex}'s Javadoc shows it. */
  private static final class Cache {
    private final Map<String, Integer> map = new HashMap<>();

    // @start region="readWriteMutex"
    private final ReadWriteMutex lock = ReadWriteMutex.create();

    Integer get(String key) {
      lock.readLock().lock();
      try {
        return map.get(key); // readers run side by side
      } finally {
        lock.readLock().unlock();
      }
    }

    void put(String key, Integer value) {
      lock.writeLock().lock();
      try {
        map.put(key, value); // one writer, no reader
      } finally {
        lock.writeLock().unlock();
      }
    }
    // @end

    /** Reads while holding the read lock until every party of {@code together} holds it too. */
    Integer getAlongside(String key, CyclicBarrier together) throws Exception {
      lock.readLock().lock();
      try {
        together.await(10, TimeUnit.SECONDS); // passes only if the readers hold the read lock at once
        return map.get(key);
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  @Test
  void readWriteMutex_readersSideBySide_writerAlone() throws Exception {
    Cache cache = new Cache();
    cache.put("answer", 42);
    assertThat(cache.get("answer")).isEqualTo(42);
    CyclicBarrier together = new CyclicBarrier(2);
    try (ExecutorService readers = Executors.newFixedThreadPool(2)) {
      Future<Integer> one = readers.submit(() -> cache.getAlongside("answer", together));
      Future<Integer> two = readers.submit(() -> cache.getAlongside("answer", together));
      assertThat(one.get(20, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(two.get(20, TimeUnit.SECONDS)).isEqualTo(42);
    }
    assertThat(cache.lock.isWriteLocked()).isFalse();
  }

  @Test
  void deadlockDetector_reverseOrder_isRefused() {
    // @start region="deadlockDetector"
    DeadlockDetector detector = DeadlockDetector.builder().policy(DeadlockPolicy.THROW).build();
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");

    a.lock();
    b.lock(); // records the order a -> b
    b.unlock();
    a.unlock();
    b.lock();
    Throwable refused = catchThrowable(a::lock); // PotentialDeadlockException: 'b' -> 'a' closes a cycle
    // @end

    b.unlock();
    assertThat(refused).isInstanceOf(PotentialDeadlockException.class).hasMessageContaining("'a'");
    assertThat(a.isLocked()).isFalse();
  }

  @Test
  @SuppressWarnings("try") // the set is held for its scope only, as the Javadoc shows
  void lockOrdering_ranksDecideTheOrder() {
    List<String> order = new ArrayList<>();
    // @start region="lockOrdering"
    LockOrdering ordering = LockOrdering.create();
    Mutex accounts = ordering.newMutex("accounts", 10);
    Mutex audit = ordering.newMutex("audit", 20);

    try (LockSet held = ordering.acquireAll(audit, accounts)) { // taken as accounts, then audit
      order.add(held.locks().getFirst() == accounts ? "accounts first" : "audit first");
    }
    audit.lock();
    Throwable refused = catchThrowable(accounts::lock); // LockOrderException: 'accounts' (10) while holding 'audit' (20)
    // @end

    audit.unlock();
    assertThat(order).containsExactly("accounts first");
    assertThat(refused).isInstanceOf(LockOrderException.class).hasMessageContaining("accounts").hasMessageContaining(
        "audit");
    assertThat(accounts.isLocked()).isFalse();
  }

  /** An account whose balance its lock guards, for the {@link LockSet} example. */
  private static final class Account {
    final Mutex lock;
    private int balance;

    Account(LockOrdering ordering, String name, int rank, int balance) {
      this.lock = ordering.newMutex(name, rank);
      this.balance = balance;
    }

    void withdraw(int amount) {
      balance -= amount;
    }

    void deposit(int amount) {
      balance += amount;
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is held for its scope only, as the Javadoc shows
  void lockSet_transferUnderBothLocks() {
    LockOrdering ordering = LockOrdering.create();
    Account from = new Account(ordering, "from", 1, 100);
    Account to = new Account(ordering, "to", 2, 0);
    int amount = 30;
    // @start region="lockSet"
    try (LockSet held = ordering.acquireAll(to.lock, from.lock)) {
      from.withdraw(amount);
      to.deposit(amount);
    }
    // @end

    assertThat(from.balance).isEqualTo(70);
    assertThat(to.balance).isEqualTo(30);
    assertThat(from.lock.isLocked() || to.lock.isLocked()).isFalse();
  }

  @Test
  @SuppressWarnings("try") // the resource is held for its scope only, as the Javadoc shows
  void backoff_bothForksOrNone() throws Exception {
    Mutex left = Mutex.create();
    Mutex right = Mutex.create();
    AtomicInteger meals = new AtomicInteger();
    // @start region="backoff"
    try (LockSet held = Backoff.create().acquireAll(Duration.ofSeconds(1), left, right)) {
      meals.incrementAndGet(); // eat, holding both forks
    }
    // @end

    assertThat(meals).hasValue(1);
    assertThat(left.isLocked() || right.isLocked()).isFalse();
  }

  @Test
  void banker_requestThenRelease() throws Exception {
    // @start region="banker"
    Banker bank = Banker.create(10, 5); // 10 of resource 0, 5 of resource 1
    Banker.Client c = bank.register("c", 7, 3); // may hold up to 7 and 3
    c.request(2, 1); // waits until granting is safe
    int[] left = bank.available(); // [8, 4]
    c.release(2, 1);
    // @end

    assertThat(left).containsExactly(8, 4);
    assertThat(bank.available()).containsExactly(10, 5);
    assertThat(bank.isSafe()).isTrue();
  }

  @Test
  void allocationState_theTextbooksBankerExample() {
    // @start region="allocationState"
    // Silberschatz, Operating System Concepts, the Banker's example (resources A, B, C)
    AllocationState state =
        AllocationState.builder(3, 3, 2)
            .client("P0", new int[] {7, 5, 3}, new int[] {0, 1, 0})
            .client("P1", new int[] {3, 2, 2}, new int[] {2, 0, 0})
            .client("P2", new int[] {9, 0, 2}, new int[] {3, 0, 2})
            .client("P3", new int[] {2, 2, 2}, new int[] {2, 1, 1})
            .client("P4", new int[] {4, 3, 3}, new int[] {0, 0, 2})
            .build();
    state.isSafe(); // true
    state.safeSequence(); // Optional[[P1, P3, P0, P2, P4]]
    state.canGrant("P1", 1, 0, 2); // true: the state after granting it is still safe
    AllocationState after = state.afterGranting("P1", 1, 0, 2);
    after.canGrant("P4", 3, 3, 0); // false: not available
    after.canGrant("P0", 0, 2, 0); // false: available, but the state would be unsafe
    // @end

    assertThat(state.isSafe()).isTrue();
    assertThat(state.safeSequence()).contains(List.of("P1", "P3", "P0", "P2", "P4"));
    assertThat(state.canGrant("P1", 1, 0, 2)).isTrue();
    assertThat(after.canGrant("P4", 3, 3, 0)).isFalse();
    assertThat(after.canGrant("P0", 0, 2, 0)).isFalse();
  }
}
