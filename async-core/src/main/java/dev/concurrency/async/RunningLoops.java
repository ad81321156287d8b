package dev.concurrency.async;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The loops that are running in this JVM, to find the one the calling thread runs.
 *
 * <p>A thread runs a loop exactly when it holds that loop's baton, so "the running loop of this thread" is the
 * running loop whose owner is this thread. Looking it up in this small array (one entry per running loop,
 * usually one) costs a few volatile reads and, unlike a {@link ThreadLocal}, allocates nothing per task
 * thread. Registration is copy-on-write under a lock; lookups take no lock.
 */
final class RunningLoops {

  private static final Object LOCK = new Object();
  private static volatile EventLoop[] loops = new EventLoop[0];

  private RunningLoops() {}

  static void add(EventLoop loop) {
    synchronized (LOCK) {
      EventLoop[] now = loops;
      EventLoop[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = loop;
      loops = next;
    }
  }

  static void remove(EventLoop loop) {
    synchronized (LOCK) {
      loops = Arrays.stream(loops).filter(l -> l != loop).toArray(EventLoop[]::new);
    }
  }

  /** The running loop whose baton the calling thread holds, or {@code null}. */
  static @Nullable EventLoop ofCurrentThread() {
    Thread me = Thread.currentThread();
    for (EventLoop loop : loops) {
      if (loop.owner() == me) {
        return loop;
      }
    }
    return null;
  }
}
