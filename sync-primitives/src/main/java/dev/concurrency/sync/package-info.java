/**
 * Locks, semaphores and the other synchronizers of Python's {@code threading} module, on
 * {@link java.util.concurrent.locks.AbstractQueuedSynchronizer}, with deadlock prevention, avoidance and
 * detection.
 *
 * <h2>Where to start</h2>
 *
 * <ul>
 *   <li>Mutual exclusion: {@link dev.concurrency.sync.Mutex} (owned, not reentrant),
 *       {@link dev.concurrency.sync.ReentrantMutex} ({@code RLock}), {@link dev.concurrency.sync.OwnerlessLock}
 *       (exactly Python's {@code threading.Lock}).
 *   <li>Many readers, one writer: {@link dev.concurrency.sync.ReadWriteMutex} ({@code ReentrantReadWriteLock}).
 *   <li>Counting: {@link dev.concurrency.sync.CountingSemaphore}, {@link dev.concurrency.sync.BoundedSemaphore}.
 *   <li>Waiting for state: {@link dev.concurrency.sync.ConditionVariable}, {@link dev.concurrency.sync.Event},
 *       {@link dev.concurrency.sync.Barrier}.
 *   <li>Deadlocks: prevention by rank order ({@link dev.concurrency.sync.LockOrdering}), avoidance by back-off
 *       ({@link dev.concurrency.sync.Backoff}) and by the Banker's algorithm
 *       ({@link dev.concurrency.sync.Banker}, {@link dev.concurrency.sync.AllocationState}), detection of potential
 *       and real deadlocks ({@link dev.concurrency.sync.DeadlockDetector}: one lock-order graph and one exact
 *       wait-for check, Holt's reduction, for every detector).
 * </ul>
 *
 * <p>Names that would shadow {@code java.util.concurrent} types imported beside these are avoided on purpose:
 * {@code CountingSemaphore}, not {@code Semaphore}; {@code ConditionVariable}, not {@code Condition}.
 *
 * <h2 id="MemoryVisibility">Memory consistency</h2>
 *
 * <p>Every synchronizer here gives the guarantees of its {@code java.util.concurrent} counterpart, because it
 * is built on the same {@code AbstractQueuedSynchronizer} state: a release (unlocking a lock, releasing a
 * permit, setting an event, arriving at a barrier) <i>happens-before</i> every acquisition that observes it
 * (a later lock of the same lock, an acquire that takes that permit, a wait that returns because of the set,
 * a barrier await that returns in the same round). Failed or timed-out acquisitions establish nothing. For a
 * {@link dev.concurrency.sync.ReadWriteMutex}, a release of either lock happens-before a later write lock, and a
 * release of the write lock happens-before a later read lock; two readers establish nothing between themselves.
 */
@NullMarked
package dev.concurrency.sync;

import org.jspecify.annotations.NullMarked;
