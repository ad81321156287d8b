package dev.concurrency.sync.internal;

import dev.concurrency.sync.LockOrderException;

/** Prevention by ordering: a thread may only take a lock whose rank is above every rank it holds. Thread-safe. */
public final class RankTracker extends Tracker {

  @Override
  protected void checkOrder(LockNode node, LockNode held) {
    if (held.rank() >= node.rank()) {
      throw new LockOrderException(held.name(), held.rank(), node.name(), node.rank());
    }
  }
}
