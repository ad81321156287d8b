package dev.concurrency.processes.internal;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small number for each thread of this JVM, to record a lock's holder in shared memory beside the pid: the
 * pair fits one atomic word. The number of a thread that has ended is still known to belong to a dead thread.
 *
 * <p>Thread-safe.
 */
public final class ThreadKeys {

  private static final int PURGE_EVERY = 1024;
  private static final AtomicInteger NEXT = new AtomicInteger(1);
  private static final Map<Integer, WeakReference<Thread>> THREADS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Integer> KEY = ThreadLocal.withInitial(ThreadKeys::register);

  private ThreadKeys() {}

  /** The calling thread's number (1 and up). */
  public static int current() {
    return KEY.get();
  }

  /** The word that names the calling thread of this process as a holder: pid in the high half, number low. */
  public static long currentHolder() {
    return (Liveness.SELF_PID << 32) | (current() & 0xFFFF_FFFFL);
  }

  /** Whether the thread numbered {@code key} in this JVM is alive. */
  public static boolean isAlive(int key) {
    WeakReference<Thread> thread = THREADS.get(key);
    Thread alive = thread == null ? null : thread.get();
    return alive != null && alive.isAlive();
  }

  private static int register() {
    int key = NEXT.getAndIncrement();
    THREADS.put(key, new WeakReference<>(Thread.currentThread()));
    if (key % PURGE_EVERY == 0) {
      // Threads that were collected are dead, and a missing number reads as dead too: drop them, so that a
      // program that makes many threads (virtual ones) does not grow this map for ever.
      THREADS.values().removeIf(thread -> thread.get() == null);
    }
    return key;
  }

  /** The pid of a holder word. */
  public static long pidOf(long holder) {
    return holder >>> 32;
  }

  /** Whether a holder word (and the start time recorded with it, or 0) names a live thread of a live process. */
  public static boolean holderAlive(long holder, long start) {
    long pid = pidOf(holder);
    if (pid == Liveness.SELF_PID) {
      return Liveness.isAlive(pid, start) && isAlive((int) holder);
    }
    return Liveness.isAlive(pid, start);
  }
}
