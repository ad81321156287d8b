package dev.concurrency.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.jspecify.annotations.Nullable;

/**
 * The node of a lock or semaphore whose units any thread may give back: Python's {@code threading.Lock} (one
 * unit) and the semaphores (their permits).
 *
 * <p>A release first gives back the releasing thread's own units, then, for a release on someone else's behalf,
 * the oldest holders' (as if the units were tokens in a queue). Units that nobody held are new ones: a
 * counting semaphore's {@code release()} without a matching {@code acquire()} adds a permit, so the number of
 * units that exist grows with it; for an ownerless lock such a release is an error the synchronizer refuses.
 *
 * <p>A thread that gives back units it did not take (for another thread, or new ones) is a <i>producer</i> of
 * this resource from then on, in Holt's sense of consumable resources: while a producer can run, a wait for
 * this resource can end, so the wait-for graph never counts it as deadlocked. That is what keeps a semaphore
 * or an ownerless lock used as a signal between threads from being reported.
 *
 * <p>Thread-safe; see {@link SharedNode} for the monitor.
 */
public final class TokenNode extends SharedNode {

  private final boolean releaseAdds;

  // @GuardedBy("holders")
  private long capacity;

  /** The threads that have given back units they did not take; weak keys, so ended threads drop out. */
  // @GuardedBy("holders")
  private final Map<Thread, Boolean> producers = new WeakHashMap<>();

  TokenNode(
      Tracking tracking, AbstractQueuedSynchronizer sync, boolean fair, long units, boolean releaseAdds) {
    super(tracking, sync, fair);
    this.capacity = units;
    this.releaseAdds = releaseAdds;
  }

  /**
   * Gives back {@code units} units: the bookkeeping, then {@code op} (the synchronizer's release), both under
   * the node's monitor; if {@code op} throws, every hold it took and every unit it added are restored.
   */
  public <S> void release(S sync, int units, Release<S> op) {
    synchronized (holders) {
      HeldLocks mine = HeldLocks.mine();
      long fromMine = mine.take(this, units);
      long left = units - fromMine;
      @Nullable List<Taken> others = null;
      for (HeldLocks other : holders) {
        if (left == 0) {
          break;
        }
        long taken = other == mine ? 0 : other.take(this, left);
        if (taken > 0) {
          if (others == null) {
            others = new ArrayList<>(2);
          }
          others.add(new Taken(other, taken));
          left -= taken;
        }
      }
      long added = releaseAdds ? left : 0;
      capacity += added;
      try {
        op.release(sync, units);
      } catch (RuntimeException | Error failure) {
        capacity -= added;
        mine.giveBack(this, fromMine);
        for (Taken taken : others == null ? List.<Taken>of() : others) {
          taken.from().giveBack(this, taken.units());
        }
        throw failure;
      }
      forgetIfEmpty(mine);
      for (Taken taken : others == null ? List.<Taken>of() : others) {
        forgetIfEmpty(taken.from());
      }
      if (fromMine < units) {
        producers.put(Thread.currentThread(), Boolean.TRUE);
      }
    }
  }

  /** Units taken from another thread's hold by a release on its behalf, kept to undo a refused release. */
  private record Taken(HeldLocks from, long units) {}

  @Override
  long capacity() {
    synchronized (holders) {
      return capacity;
    }
  }

  @Override
  List<Thread> producers() {
    synchronized (holders) {
      List<Thread> alive = new ArrayList<>(producers.size());
      for (Thread producer : producers.keySet()) {
        if (producer.isAlive()) {
          alive.add(producer);
        }
      }
      return alive;
    }
  }
}
