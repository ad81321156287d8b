package dev.concurrency.sync.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A node whose holders the synchronizer cannot name (an ownerless lock, a semaphore, the readers of a
 * read-write lock), so the node keeps them: the held-lists of the threads holding units, in the order they
 * first took some.
 *
 * <p>Every change to the holders, and every release with the synchronizer's part of it, happens under the
 * monitor of {@link #holders}: that is what makes a release and its undo atomic with respect to other
 * releases of the same lock. Lock order: the wait-for graph's monitor, then this one, then a held-list's.
 *
 * <p>Thread-safe.
 */
public abstract sealed class SharedNode extends LockNode permits TokenNode, ReadWriteNode {

  // @GuardedBy("holders")
  final Set<HeldLocks> holders = new LinkedHashSet<>();

  SharedNode(Tracking tracking, AbstractQueuedSynchronizer sync, boolean fair) {
    super(tracking, sync, fair);
  }

  @Override
  final void recordHold(HeldLocks mine, long units) {
    synchronized (holders) {
      mine.add(this, units);
      holders.add(mine);
    }
  }

  @Override
  final List<Holder> holders() {
    synchronized (holders) {
      List<Holder> now = new ArrayList<>(holders.size());
      for (HeldLocks held : holders) {
        long units = held.unitsOf(this);
        if (units > 0) {
          now.add(new Holder(held.thread(), units));
        }
      }
      return now;
    }
  }

  /**
   * Takes {@code units} from the calling thread's hold, runs {@code op} (releasing {@code syncUnits} of the
   * synchronizer), and gives the units back to the hold if {@code op} throws.
   */
  final <S> void releaseOwn(long units, S sync, int syncUnits, Release<S> op) {
    synchronized (holders) {
      HeldLocks mine = HeldLocks.mine();
      long taken = mine.take(this, units);
      try {
        op.release(sync, syncUnits);
      } catch (RuntimeException | Error failure) {
        mine.giveBack(this, taken);
        throw failure;
      }
      forgetIfEmpty(mine);
    }
  }

  /** Drops {@code held}'s entry and membership once it holds nothing; call holding the monitor. */
  final void forgetIfEmpty(HeldLocks held) {
    if (held.compact(this)) {
      holders.remove(held);
    }
  }
}
