package dev.concurrency.sync.internal;

import dev.concurrency.sync.LockOrderException;
import java.util.List;

/** Prevention by ordering: a thread may only take a lock whose rank is above every rank it holds. */
public final class RankTracker extends Tracker {

  @Override
  protected void checkOrder(LockNode node, List<LockNode> heldNow) {
    for (LockNode held : heldNow) {
      if (held != node && held.rank() >= node.rank()) {
        throw new LockOrderException(held.name(), held.rank(), node.name(), node.rank());
      }
    }
  }
}
