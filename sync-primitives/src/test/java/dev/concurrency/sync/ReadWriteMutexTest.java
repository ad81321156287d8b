package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the read lock adds to the lock contract, rewritten from the JSR-166 TCK's
 * {@code ReentrantReadWriteLockTest} (its write-lock cases run in {@link LockContractTest} and
 * {@link LockConditionContractTest}, where the write lock is one of the kinds), on barging, fair and tracked
 * read-write locks.
 */
@Timeout(30)
final class ReadWriteMutexTest {

  /** One way to make a read-write lock. */
  record Kind(String name, Supplier<ReadWriteMutex> make) {
    ReadWriteMutex create() {
      return make.get();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Kind> kinds() {
    return List.of(
        new Kind("barging", ReadWriteMutex::create),
        new Kind("fair", () -> ReadWriteMutex.create(Fairness.FAIR)),
        new Kind("from DeadlockDetector", () -> DeadlockDetector.create(DeadlockPolicy.THROW).newReadWriteMutex("rw")),
        new Kind(
            "fair from LockOrdering", () -> LockOrdering.create().newReadWriteMutex("rw", 1, Fairness.FAIR)));
  }

  private static void awaitQueued(ReadWriteMutex lock, Thread thread) {
    TestThreads.await(thread.getName() + " queues", () -> lock.hasQueuedThread(thread));
    assertThat(lock.getOwner()).isNotSameAs(thread);
  }

  private static void assertNotWriteLocked(ReadWriteMutex lock) {
    assertThat(lock.isWriteLocked()).isFalse();
    assertThat(lock.isWriteLockedByCurrentThread()).isFalse();
    assertThat(lock.writeLock().isHeldByCurrentThread()).isFalse();
    assertThat(lock.getWriteHoldCount()).isZero();
    assertThat(lock.writeLock().getHoldCount()).isZero();
    assertThat(lock.getOwner()).isNull();
  }

  private static void assertWriteLockedByMe(ReadWriteMutex lock) {
    assertThat(lock.isWriteLocked()).isTrue();
    assertThat(lock.getOwner()).isSameAs(Thread.currentThread());
    assertThat(lock.isWriteLockedByCurrentThread()).isTrue();
    assertThat(lock.writeLock().isHeldByCurrentThread()).isTrue();
    assertThat(lock.getWriteHoldCount()).isPositive();
  }

  // TCK ReentrantReadWriteLockTest.testLock
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void writeThenRead_freeLock_takesEach(Kind kind) {
    ReadWriteMutex lock = kind.create();
    assertNotWriteLocked(lock);
    lock.writeLock().lock();
    assertWriteLockedByMe(lock);
    assertThat(lock.getReadLockCount()).isZero();
    lock.writeLock().unlock();
    assertNotWriteLocked(lock);
    lock.readLock().lock();
    assertNotWriteLocked(lock);
    assertThat(lock.getReadLockCount()).isEqualTo(1);
    lock.readLock().unlock();
    assertThat(lock.getReadLockCount()).isZero();
  }

  // TCK ReentrantReadWriteLockTest.testGetWriteHoldCount, testGetHoldCount, testGetReadHoldCount
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void holdCounts_countReentrantHoldsOfEachLock(Kind kind) {
    ReadWriteMutex lock = kind.create();
    for (int i = 1; i <= 5; i++) {
      lock.writeLock().lock();
      assertThat(lock.getWriteHoldCount()).isEqualTo(i);
      assertThat(lock.writeLock().getHoldCount()).isEqualTo(i);
    }
    for (int i = 5; i > 0; i--) {
      lock.writeLock().unlock();
      assertThat(lock.getWriteHoldCount()).isEqualTo(i - 1);
    }
    for (int i = 1; i <= 5; i++) {
      lock.readLock().lock();
      assertThat(lock.getReadHoldCount()).isEqualTo(i);
      assertThat(lock.getReadLockCount()).isEqualTo(i);
    }
    for (int i = 5; i > 0; i--) {
      lock.readLock().unlock();
      assertThat(lock.getReadHoldCount()).isEqualTo(i - 1);
    }
  }

  // TCK ReentrantReadWriteLockTest.testReadUnlock_IMSE
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readUnlock_notHeld_throwsIllegalMonitorState(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    assertThatThrownBy(() -> lock.readLock().unlock())
        .isInstanceOf(IllegalMonitorStateException.class)
        .hasMessageContaining("read lock it does not hold");
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "stranger",
          () -> assertThatThrownBy(() -> lock.readLock().unlock()).isInstanceOf(IllegalMonitorStateException.class));
    }
    assertThat(lock.getReadLockCount()).isEqualTo(1);
    lock.readLock().unlock();
  }

  // TCK ReentrantReadWriteLockTest.testReadLockInterruptibly_Interruptible and testReadTryLock_Interruptible
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readLockWaits_areInterruptible(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    try (TestThreads threads = new TestThreads()) {
      Thread plain =
          threads.start(
              "plain",
              () -> assertThatThrownBy(() -> lock.readLock().lockInterruptibly()).isInstanceOf(InterruptedException.class));
      awaitQueued(lock, plain);
      plain.interrupt();
      TestThreads.join(plain);
      Thread timed =
          threads.start(
              "timed",
              () ->
                  assertThatThrownBy(() -> lock.readLock().tryLock(1, TimeUnit.DAYS))
                      .isInstanceOf(InterruptedException.class));
      awaitQueued(lock, timed);
      timed.interrupt();
    }
    assertWriteLockedByMe(lock);
    lock.writeLock().unlock();
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  // TCK ReentrantReadWriteLockTest.testReadLockInterruptibly
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readLockInterruptibly_free_takesIt_elseIsInterruptible(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lockInterruptibly();
    lock.readLock().unlock();
    lock.writeLock().lockInterruptibly();
    try (TestThreads threads = new TestThreads()) {
      Thread waiter =
          threads.start(
              "waiter",
              () -> assertThatThrownBy(() -> lock.readLock().lockInterruptibly()).isInstanceOf(InterruptedException.class));
      awaitQueued(lock, waiter);
      waiter.interrupt();
    }
    lock.writeLock().unlock();
    assertNotWriteLocked(lock);
  }

  // TCK ReentrantReadWriteLockTest.testReadTryLockWhenLocked
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readTryLock_whileAnotherThreadWrites_fails(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("reader", () -> assertThat(lock.readLock().tryLock()).isFalse());
    }
    lock.writeLock().unlock();
  }

  // TCK ReentrantReadWriteLockTest.testMultipleReadLocks and testTryLockWhenReadLocked
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readLocks_areSharedByEveryForm(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "reader",
          () -> {
            assertThat(lock.readLock().tryLock()).isTrue();
            lock.readLock().unlock();
            assertThat(lock.readLock().tryLock(TestThreads.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            lock.readLock().unlock();
            lock.readLock().lock();
            assertThat(lock.getReadLockCount()).isEqualTo(2);
            lock.readLock().unlock();
          });
    }
    lock.readLock().unlock();
  }

  // TCK ReentrantReadWriteLockTest.testWriteTryLockWhenReadLocked
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void writeTryLock_whileAnotherThreadReads_fails(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start("writer", () -> assertThat(lock.writeLock().tryLock()).isFalse());
    }
    lock.readLock().unlock();
  }

  // TCK ReentrantReadWriteLockTest.testWriteAfterReadLock and testWriteAfterMultipleReadLocks
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void writeLock_waitsForEveryReader(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lock();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "third",
          () -> {
            lock.readLock().lock();
            assertThat(lock.getReadLockCount()).isEqualTo(3);
            lock.readLock().unlock();
          });
    }
    try (TestThreads threads = new TestThreads()) {
      Thread writer =
          threads.start(
              "writer",
              () -> {
                assertThat(lock.getReadLockCount()).isEqualTo(2);
                lock.writeLock().lock();
                assertThat(lock.getReadLockCount()).isZero();
                lock.writeLock().unlock();
              });
      awaitQueued(lock, writer);
      assertNotWriteLocked(lock);
      assertThat(lock.getReadLockCount()).isEqualTo(2);
      lock.readLock().unlock();
      assertThat(writer.isAlive()).isTrue();
      lock.readLock().unlock();
    }
    assertNotWriteLocked(lock);
  }

  // TCK ReentrantReadWriteLockTest.testReaderWriterReaderFairFifo: a fair reader does not overtake a waiting
  // writer, even though the lock is only read-locked
  @Test
  void fair_readerArrivingBehindAWaitingWriter_waitsForIt() throws Exception {
    ReadWriteMutex lock = ReadWriteMutex.create(Fairness.FAIR);
    AtomicBoolean writerGotIt = new AtomicBoolean();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      Thread writer =
          threads.start(
              "writer",
              () -> {
                lock.writeLock().lock();
                writerGotIt.set(true);
                lock.writeLock().unlock();
              });
      awaitQueued(lock, writer);
      Thread reader =
          threads.start(
              "reader",
              () -> {
                lock.readLock().lock();
                assertThat(writerGotIt).isTrue();
                lock.readLock().unlock();
              });
      awaitQueued(lock, reader);
      assertThat(lock.getQueuedWriterThreads()).containsExactly(writer);
      assertThat(lock.getQueuedReaderThreads()).containsExactly(reader);
      assertThat(lock.getReadLockCount()).isEqualTo(1);
      lock.readLock().unlock();
    }
    assertNotWriteLocked(lock);
  }

  // Ours, after the TCK's barging cases: a barging reader does not overtake a writer first in the queue either
  // (ReentrantReadWriteLock's writer-starvation guard), but it does barge past readers
  @Test
  void barging_readerArrivingBehindAWaitingWriter_waitsForIt() throws Exception {
    ReadWriteMutex lock = ReadWriteMutex.create();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      Thread writer = threads.start("writer", () -> {
        lock.writeLock().lock();
        lock.writeLock().unlock();
      });
      awaitQueued(lock, writer);
      Thread reader = threads.start("reader", () -> {
        lock.readLock().lock();
        lock.readLock().unlock();
      });
      awaitQueued(lock, reader);
      assertThat(lock.readLock().tryLock()).as("the untimed tryLock still barges").isTrue();
      assertThat(lock.getReadHoldCount()).isEqualTo(2);
      lock.readLock().unlock();
      lock.readLock().unlock();
    }
  }

  // TCK ReentrantReadWriteLockTest.testReadAfterWriteLock
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readers_waitForTheWriter(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        Thread reader =
            threads.start(
                "reader-" + i,
                () -> {
                  lock.readLock().lock();
                  lock.readLock().unlock();
                });
        awaitQueued(lock, reader);
      }
      assertThat(lock.getQueueLength()).isEqualTo(2);
      lock.writeLock().unlock();
    }
    assertThat(lock.hasQueuedThreads()).isFalse();
  }

  // TCK ReentrantReadWriteLockTest.testReadHoldingWriteLock, testReadHoldingWriteLock2, testReadHoldingWriteLock3:
  // the writer takes read holds at once, even with readers or writers waiting
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void writer_takesReadHoldsAtOnce_evenWithThreadsWaiting(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    assertThat(lock.readLock().tryLock()).isTrue();
    lock.readLock().unlock();
    try (TestThreads threads = new TestThreads()) {
      Thread reader = threads.start("reader", () -> {
        lock.readLock().lock();
        lock.readLock().unlock();
      });
      Thread writer = threads.start("writer", () -> {
        lock.writeLock().lock();
        lock.writeLock().unlock();
      });
      awaitQueued(lock, reader);
      awaitQueued(lock, writer);
      assertWriteLockedByMe(lock);
      lock.readLock().lock();
      lock.readLock().unlock();
      assertWriteLockedByMe(lock);
      lock.writeLock().unlock();
    }
    assertNotWriteLocked(lock);
  }

  // TCK ReentrantReadWriteLockTest.testWriteHoldingWriteLock4
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void writer_reentersAtOnce_evenWithWritersWaiting(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    lock.writeLock().lock();
    lock.writeLock().unlock();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        Thread writer = threads.start("writer-" + i, () -> {
          lock.writeLock().lock();
          lock.writeLock().unlock();
        });
        awaitQueued(lock, writer);
      }
      assertThat(lock.getWriteHoldCount()).isEqualTo(1);
      lock.writeLock().lock();
      assertThat(lock.getWriteHoldCount()).isEqualTo(2);
      lock.writeLock().unlock();
      assertWriteLockedByMe(lock);
      lock.writeLock().unlock();
    }
    assertNotWriteLocked(lock);
  }

  // TCK ReentrantReadWriteLockTest.testReadTryLockBarging
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readTryLock_bargesPastWaitingThreads(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lock();
    try (TestThreads threads = new TestThreads()) {
      Thread writer = threads.start("writer", () -> {
        lock.writeLock().lock();
        lock.writeLock().unlock();
      });
      awaitQueued(lock, writer);
      Thread reader = threads.start("reader", () -> {
        lock.readLock().lock();
        lock.readLock().unlock();
      });
      awaitQueued(lock, reader);
      Thread trier =
          threads.start(
              "trier",
              () -> {
                assertThat(lock.readLock().tryLock()).isTrue();
                lock.readLock().unlock();
              });
      TestThreads.join(trier);
      assertThat(writer.isAlive() && reader.isAlive()).isTrue();
      lock.readLock().unlock();
    }
  }

  // TCK ReentrantReadWriteLockTest.testReadTryLock_Timeout
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readTryLockTimed_whileWriteLocked_timesOut(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "reader",
          () -> {
            long start = System.nanoTime();
            assertThat(lock.readLock().tryLock(TestThreads.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TestThreads.SHORT.toNanos());
          });
    }
    assertThat(lock.writeLock().isHeldByCurrentThread()).isTrue();
    lock.writeLock().unlock();
  }

  // Ours: downgrading, as ReentrantReadWriteLock allows it: write, read, give up the write, keep reading
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void downgrade_writeThenReadThenReleaseWrite_keepsReading(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.writeLock().lock();
    lock.readLock().lock();
    lock.writeLock().unlock();
    assertNotWriteLocked(lock);
    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    try (TestThreads threads = new TestThreads()) {
      threads.start(
          "other",
          () -> {
            assertThat(lock.readLock().tryLock()).as("others may read now").isTrue();
            lock.readLock().unlock();
            assertThat(lock.writeLock().tryLock()).as("but not write").isFalse();
          });
    }
    lock.readLock().unlock();
    assertThat(lock.getReadLockCount()).isZero();
  }

  // Ours, a difference on purpose: upgrading (write while only reading) would wait forever in the JDK; here the
  // blocking forms refuse at once and the untimed tryLock fails, as there
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void upgrade_readThenWrite_isRefusedInsteadOfHanging(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    lock.readLock().lock();
    assertThat(lock.writeLock().tryLock()).isFalse();
    assertThatThrownBy(() -> lock.writeLock().lock())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upgrading would wait forever");
    assertThatThrownBy(() -> lock.writeLock().lockInterruptibly()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lock.writeLock().tryLock(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThat(lock.getReadHoldCount()).isEqualTo(1);
    lock.readLock().unlock();
    assertThat(lock.writeLock().tryLock()).isTrue();
    lock.writeLock().unlock();
  }

  // Ours: the read lock has no conditions (ReentrantReadWriteLock.ReadLock's contract)
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readLock_newCondition_isUnsupported(Kind kind) {
    assertThatThrownBy(() -> kind.create().readLock().newCondition())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("write lock");
  }

  // TCK ReentrantReadWriteLockTest.testToString, testReadLockToString, testWriteLockToString
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void toString_countsBothLocks(Kind kind) {
    ReadWriteMutex lock = kind.create();
    assertThat(lock.toString()).contains("Write locks = 0").contains("Read locks = 0");
    assertThat(lock.writeLock().toString()).contains("Unlocked");
    lock.writeLock().lock();
    lock.writeLock().lock();
    assertThat(lock.toString()).contains("Write locks = 2").contains("Read locks = 0");
    assertThat(lock.writeLock().toString()).contains("Locked by thread main");
    lock.writeLock().unlock();
    lock.writeLock().unlock();
    lock.readLock().lock();
    lock.readLock().lock();
    assertThat(lock.toString()).contains("Write locks = 0").contains("Read locks = 2");
    assertThat(lock.readLock().toString()).contains("Read locks = 2");
    lock.readLock().unlock();
    assertThat(lock.readLock().toString()).contains("Read locks = 1");
    lock.readLock().unlock();
    assertThat(lock.readLock().toString()).contains("Read locks = 0");
  }

  // Readers and writers exclude each other; increments under the write lock are never lost
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void readersAndWriters_neverOverlap(Kind kind) throws Exception {
    ReadWriteMutex lock = kind.create();
    long[] value = {0};
    AtomicBoolean torn = new AtomicBoolean();
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < 2; t++) {
        threads.start(
            "writer-" + t,
            () -> {
              for (int i = 0; i < 2_000; i++) {
                lock.writeLock().lock();
                try {
                  value[0]++;
                  value[0]++;
                } finally {
                  lock.writeLock().unlock();
                }
              }
            });
        threads.start(
            "reader-" + t,
            () -> {
              for (int i = 0; i < 2_000; i++) {
                lock.readLock().lock();
                try {
                  if (value[0] % 2 != 0) {
                    torn.set(true);
                  }
                } finally {
                  lock.readLock().unlock();
                }
              }
            });
      }
    }
    assertThat(torn).isFalse();
    lock.readLock().lock();
    assertThat(value[0]).isEqualTo(8_000);
    lock.readLock().unlock();
  }
}
