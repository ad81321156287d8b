package dev.concurrency.sync;

import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive lock as the lock contract sees it: the {@link Lock} and the monitoring methods the JSR-166
 * TCK's checks read ({@code ReentrantLock}'s, several of them protected there). One implementation per family:
 * this module's mutexes, the write lock of a {@link ReadWriteMutex}, and the JDK's {@link ReentrantLock}, run
 * as a control: a contract case that fails on the JDK's own lock asserts something the JDK does not do.
 */
sealed interface LockUnderTest {

  Lock lock();

  boolean isLocked();

  /** The owner, or null when free (always null for an ownerless lock). */
  @Nullable Thread owner();

  int holdCount();

  boolean isHeldByCurrentThread();

  boolean isFair();

  boolean hasQueuedThreads();

  boolean hasQueuedThread(Thread thread);

  int queueLength();

  Collection<Thread> queuedThreads();

  boolean hasWaiters(Condition condition);

  int waitQueueLength(Condition condition);

  Collection<Thread> waitingThreads(Condition condition);

  /** A mutex of this module. */
  record Ours(AbstractMutex mutex) implements LockUnderTest {
    @Override
    public Lock lock() {
      return mutex;
    }

    @Override
    public boolean isLocked() {
      return mutex.isLocked();
    }

    @Override
    public @Nullable Thread owner() {
      return mutex instanceof OwnedMutex owned ? owned.getOwner() : null;
    }

    @Override
    public int holdCount() {
      return mutex instanceof OwnedMutex owned ? owned.getHoldCount() : 0;
    }

    @Override
    public boolean isHeldByCurrentThread() {
      return mutex instanceof OwnedMutex owned && owned.isHeldByCurrentThread();
    }

    @Override
    public boolean isFair() {
      return mutex.isFair();
    }

    @Override
    public boolean hasQueuedThreads() {
      return mutex.hasQueuedThreads();
    }

    @Override
    public boolean hasQueuedThread(Thread thread) {
      return mutex.hasQueuedThread(thread);
    }

    @Override
    public int queueLength() {
      return mutex.getQueueLength();
    }

    @Override
    public Collection<Thread> queuedThreads() {
      return mutex.getQueuedThreads();
    }

    @Override
    public boolean hasWaiters(Condition condition) {
      return ((OwnedMutex) mutex).hasWaiters(condition);
    }

    @Override
    public int waitQueueLength(Condition condition) {
      return ((OwnedMutex) mutex).getWaitQueueLength(condition);
    }

    @Override
    public Collection<Thread> waitingThreads(Condition condition) {
      return ((OwnedMutex) mutex).getWaitingThreads(condition);
    }

    @Override
    public String toString() {
      return mutex.toString();
    }
  }

  /** The write lock of a read-write lock. */
  record WriteSide(ReadWriteMutex pair) implements LockUnderTest {
    @Override
    public Lock lock() {
      return pair.writeLock();
    }

    @Override
    public boolean isLocked() {
      return pair.isWriteLocked();
    }

    @Override
    public @Nullable Thread owner() {
      return pair.getOwner();
    }

    @Override
    public int holdCount() {
      return pair.writeLock().getHoldCount();
    }

    @Override
    public boolean isHeldByCurrentThread() {
      return pair.writeLock().isHeldByCurrentThread();
    }

    @Override
    public boolean isFair() {
      return pair.isFair();
    }

    @Override
    public boolean hasQueuedThreads() {
      return pair.hasQueuedThreads();
    }

    @Override
    public boolean hasQueuedThread(Thread thread) {
      return pair.hasQueuedThread(thread);
    }

    @Override
    public int queueLength() {
      return pair.getQueueLength();
    }

    @Override
    public Collection<Thread> queuedThreads() {
      return pair.getQueuedThreads();
    }

    @Override
    public boolean hasWaiters(Condition condition) {
      return pair.hasWaiters(condition);
    }

    @Override
    public int waitQueueLength(Condition condition) {
      return pair.getWaitQueueLength(condition);
    }

    @Override
    public Collection<Thread> waitingThreads(Condition condition) {
      return pair.getWaitingThreads(condition);
    }

    @Override
    public String toString() {
      return pair.writeLock().toString();
    }
  }

  /** The JDK's {@code ReentrantLock}, its protected monitors made public as the TCK does. */
  record Jdk(PublicReentrantLock jdk) implements LockUnderTest {
    @Override
    public Lock lock() {
      return jdk;
    }

    @Override
    public boolean isLocked() {
      return jdk.isLocked();
    }

    @Override
    public @Nullable Thread owner() {
      return jdk.owner();
    }

    @Override
    public int holdCount() {
      return jdk.getHoldCount();
    }

    @Override
    public boolean isHeldByCurrentThread() {
      return jdk.isHeldByCurrentThread();
    }

    @Override
    public boolean isFair() {
      return jdk.isFair();
    }

    @Override
    public boolean hasQueuedThreads() {
      return jdk.hasQueuedThreads();
    }

    @Override
    public boolean hasQueuedThread(Thread thread) {
      return jdk.hasQueuedThread(thread);
    }

    @Override
    public int queueLength() {
      return jdk.getQueueLength();
    }

    @Override
    public Collection<Thread> queuedThreads() {
      return jdk.queued();
    }

    @Override
    public boolean hasWaiters(Condition condition) {
      return jdk.hasWaiters(condition);
    }

    @Override
    public int waitQueueLength(Condition condition) {
      return jdk.getWaitQueueLength(condition);
    }

    @Override
    public Collection<Thread> waitingThreads(Condition condition) {
      return jdk.waiting(condition);
    }

    @Override
    public String toString() {
      return jdk.toString();
    }
  }

  /** {@link ReentrantLock} with its protected monitors public. */
  final class PublicReentrantLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    PublicReentrantLock(boolean fair) {
      super(fair);
    }

    @Nullable Thread owner() {
      return getOwner();
    }

    Collection<Thread> queued() {
      return getQueuedThreads();
    }

    Collection<Thread> waiting(Condition condition) {
      return getWaitingThreads(condition);
    }
  }
}
