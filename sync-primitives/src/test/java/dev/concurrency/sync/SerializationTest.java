package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Serialization, as {@code ReentrantLock}, {@code ReentrantReadWriteLock} and {@code Semaphore} do it: what comes
 * back is a fresh lock of the same kind and fairness, unlocked, nobody waiting; a semaphore keeps its free
 * permits and bound. Locks made by a detector or an ordering refuse, since their graphs cannot travel.
 */
final class SerializationTest {

  static byte[] bytesOf(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static <T> T copy(T object) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytesOf(object)))) {
      return (T) in.readObject();
    }
  }

  static boolean isTracked(LockUnderTest lock) {
    return switch (lock) {
      case LockUnderTest.Ours ours -> ours.mutex().node != null;
      case LockUnderTest.WriteSide write -> write.pair().isTracked();
      case LockUnderTest.Jdk ignored -> false;
    };
  }

  static LockUnderTest copyOf(LockUnderTest lock) throws IOException, ClassNotFoundException {
    return switch (lock) {
      case LockUnderTest.Ours ours -> new LockUnderTest.Ours(copy(ours.mutex()));
      case LockUnderTest.WriteSide write -> new LockUnderTest.WriteSide(copy(write.pair()));
      case LockUnderTest.Jdk jdk -> new LockUnderTest.Jdk(copy(jdk.jdk()));
    };
  }

  // TCK SemaphoreTest.testSerialization: same permits and fairness, and nobody queued
  @Property(tries = 50)
  void semaphore_roundTrip_keepsPermitsBoundAndFairness(
      @ForAll @IntRange(min = 0, max = 1_000) int permits,
      @ForAll @IntRange(min = 0, max = 1_000) int taken,
      @ForAll boolean fair,
      @ForAll boolean bounded)
      throws Exception {
    Fairness fairness = fair ? Fairness.FAIR : Fairness.BARGING;
    CountingSemaphore semaphore =
        bounded ? BoundedSemaphore.create(permits, fairness) : CountingSemaphore.create(permits, fairness);
    int take = Math.min(taken, permits);
    if (take > 0) {
      assertThat(semaphore.tryAcquire(take)).isTrue();
    }

    CountingSemaphore copy = copy(semaphore);

    assertThat(copy.getClass()).isEqualTo(semaphore.getClass());
    assertThat(copy.isFair()).isEqualTo(fair);
    assertThat(copy.availablePermits()).isEqualTo(permits - take);
    assertThat(copy.hasQueuedThreads()).isFalse();
    if (copy instanceof BoundedSemaphore copied) {
      assertThat(copied.bound()).isEqualTo(permits);
    }
    if (take > 0) {
      copy.release(take);
      assertThat(copy.availablePermits()).isEqualTo(permits);
      assertThat(semaphore.availablePermits()).isEqualTo(permits - take);
    }
  }

  // TCK SemaphoreTest.testSerialization (second half): a thread queued on the original is not on the copy
  @Test
  void semaphore_withAQueuedThread_copiesWithoutIt() throws Exception {
    CountingSemaphore semaphore = CountingSemaphore.create(0, Fairness.FAIR);
    try (TestThreads threads = new TestThreads()) {
      Thread waiter = threads.start("waiter", semaphore::acquire);
      TestThreads.await("waiter queues", () -> semaphore.hasQueuedThread(waiter));
      CountingSemaphore copy = copy(semaphore);
      assertThat(copy.isFair()).isTrue();
      assertThat(copy.availablePermits()).isZero();
      assertThat(semaphore.hasQueuedThreads()).isTrue();
      assertThat(copy.hasQueuedThreads()).isFalse();
      semaphore.release();
    }
    assertThat(semaphore.hasQueuedThreads()).isFalse();
  }

  // TCK ReentrantReadWriteLockTest.testSerialization
  @Property(tries = 10)
  void readWriteMutex_roundTrip_isUnlockedWithTheSameFairness(@ForAll boolean fair) throws Exception {
    ReadWriteMutex lock = ReadWriteMutex.create(fair ? Fairness.FAIR : Fairness.BARGING);
    lock.writeLock().lock();
    lock.readLock().lock();

    ReadWriteMutex copy = copy(lock);

    assertThat(copy.isFair()).isEqualTo(fair);
    assertThat(lock.isWriteLocked()).isTrue();
    assertThat(copy.isWriteLocked()).isFalse();
    assertThat(lock.getReadLockCount()).isEqualTo(1);
    assertThat(copy.getReadLockCount()).isZero();
    copy.writeLock().lock();
    copy.readLock().lock();
    assertThat(copy.isWriteLocked()).isTrue();
    assertThat(copy.getReadLockCount()).isEqualTo(1);
    copy.readLock().unlock();
    copy.writeLock().unlock();
    assertThat(copy.isWriteLocked()).isFalse();
    assertThat(lock.getReadLockCount()).isEqualTo(1);
    lock.readLock().unlock();
    lock.writeLock().unlock();
  }

  @Test
  void trackedLocks_refuseToBeSerialized_namingTheLock() {
    DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
    for (Serializable tracked :
        new Serializable[] {
          detector.newMutex("tracked-mutex"),
          detector.newReentrantMutex("tracked-mutex"),
          detector.newOwnerlessLock("tracked-mutex"),
          detector.newSemaphore("tracked-mutex", 2),
          detector.newBoundedSemaphore("tracked-mutex", 2),
          detector.newReadWriteMutex("tracked-mutex"),
          LockOrdering.create().newMutex("tracked-mutex", 1)
        }) {
      assertThatThrownBy(() -> bytesOf(tracked))
          .isInstanceOf(NotSerializableException.class)
          .hasMessageContaining("'tracked-mutex'")
          .hasMessageContaining("serialize an untracked lock");
    }
  }

  // A forged stream cannot make a semaphore with more free permits than its bound, or a held lock: the
  // serialized form checks its parts in its canonical constructor, which deserialization runs
  @Test
  void forgedSerializedForm_isRejected() throws Exception {
    Constructor<SerializedLock> canonical =
        SerializedLock.class.getDeclaredConstructor(
            SerializedLock.Kind.class, boolean.class, int.class, int.class);
    assertThatThrownBy(() -> canonical.newInstance(SerializedLock.Kind.BOUNDED_SEMAPHORE, false, 5, 3))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> canonical.newInstance(SerializedLock.Kind.MUTEX, false, 1, 0))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    Object form = canonical.newInstance(SerializedLock.Kind.MUTEX, true, 0, 0);
    assertThat(copy(form)).isInstanceOf(Mutex.class);
  }
}
