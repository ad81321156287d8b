package dev.concurrency.sync.internal;

import java.util.List;

/**
 * The node of a lock with one owner ({@code Mutex}, {@code ReentrantMutex}): one unit, held by the
 * synchronizer's owner. It keeps no holder list of its own, which keeps its tracked path free of allocation.
 *
 * <p>Thread-safe.
 */
public final class OwnedNode extends LockNode {

  private final ExclusiveSync sync;

  OwnedNode(Tracking tracking, ExclusiveSync sync) {
    super(tracking, sync, sync.isFair());
    this.sync = sync;
  }

  @Override
  void recordHold(HeldLocks mine, long units) {
    mine.add(this, units);
  }

  /**
   * Forgets the calling thread's hold, then runs {@code op} (the synchronizer's release); if {@code op} throws,
   * the hold is recorded again. Call only for the owner's last hold.
   */
  public <S> void release(S lock, Release<S> op) {
    HeldLocks mine = HeldLocks.mine();
    long taken = mine.take(this, 1);
    try {
      op.release(lock, 1);
    } catch (RuntimeException | Error failure) {
      mine.giveBack(this, taken);
      throw failure;
    }
    mine.compact(this);
  }

  @Override
  long capacity() {
    return 1;
  }

  @Override
  List<Holder> holders() {
    Thread owner = sync.owner();
    return owner == null ? List.of() : List.of(new Holder(owner, 1));
  }
}
