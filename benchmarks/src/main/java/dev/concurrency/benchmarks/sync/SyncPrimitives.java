package dev.concurrency.benchmarks.sync;

import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Mutex;
import dev.concurrency.sync.ReentrantMutex;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fresh instance of each primitive the sync benchmarks compare: this module's three beside the JDK's
 * three, barging, with 2 permits for the semaphores. Immutable holder; the primitives are thread-safe.
 */
record SyncPrimitives(
    Mutex mutex,
    ReentrantMutex reentrantMutex,
    ReentrantLock reentrantLock,
    Object monitor,
    CountingSemaphore semaphore,
    Semaphore jdkSemaphore) {

  /** New, free primitives. */
  static SyncPrimitives create() {
    return new SyncPrimitives(
        Mutex.create(),
        ReentrantMutex.create(),
        new ReentrantLock(),
        new Object(),
        CountingSemaphore.create(2),
        new Semaphore(2));
  }
}
