package dev.concurrency.sync.internal;

import java.util.List;

/**
 * Watches the acquisitions of the locks it made: which locks each thread holds, and a check before each
 * blocking acquisition. Subclasses are the deadlock detectors: {@link RankTracker} (prevention by order),
 * {@link CycleTracker} (lock-order cycles, lockdep-style) and, through {@link WaitForGraph}, real deadlocks.
 *
 * <p>Thread-safe.
 */
public abstract class Tracker {

  private final ThreadLocal<HeldLocks> held = ThreadLocal.withInitial(HeldLocks::new);

  /**
   * Checks that taking {@code node} while holding {@code heldNow} (oldest first) is allowed; throws if not.
   */
  protected abstract void checkOrder(LockNode node, List<LockNode> heldNow);

  /** Called before the calling thread blocks on {@code node}; may throw to refuse the wait. */
  protected void beforeBlock(LockNode node) {}

  /** Called when the calling thread stops waiting for {@code node}, granted or not. */
  protected void afterBlock(LockNode node) {}

  final void check(LockNode node) {
    checkOrder(node, held.get().snapshot());
  }

  final void acquired(LockNode node) {
    HeldLocks mine = held.get();
    mine.add(node);
    node.holders.add(mine);
  }

  final void released(LockNode node) {
    HeldLocks mine = held.get();
    if (mine.remove(node)) {
      node.holders.removeLastOccurrence(mine);
      return;
    }
    // An ownerless lock or a permit released by another thread than the one that took it: the oldest
    // hold is the one given back, as with a FIFO of tokens.
    HeldLocks other = node.holders.pollFirst();
    if (other != null) {
      other.remove(node);
    }
  }

  /** The tracked locks the calling thread holds, oldest first. */
  public final List<LockNode> heldByCurrentThread() {
    return held.get().snapshot();
  }
}
