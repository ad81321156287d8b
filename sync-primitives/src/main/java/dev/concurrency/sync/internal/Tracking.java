package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * What a factory gives a lock it makes, so that the lock can build the node that suits its synchronizer: the
 * name, the rank and the tracker.
 *
 * @param name the lock's name
 * @param rank its rank (rank ordering only)
 * @param tracker the tracker that watches it
 */
public record Tracking(String name, int rank, Tracker tracker) {

  /** Checks the parts. */
  public Tracking {
    requireNonNull(name, "name");
    requireNonNull(tracker, "tracker");
  }

  /** The node of an owned exclusive lock. */
  public OwnedNode owned(ExclusiveSync sync) {
    return tracker.register(new OwnedNode(this, sync));
  }

  /**
   * The node of a lock or semaphore whose units any thread may give back: an ownerless lock (one unit, never
   * more) or a semaphore (its permits; a release nobody holds adds units).
   */
  public TokenNode tokens(AbstractQueuedSynchronizer sync, boolean fair, long units, boolean releaseAdds) {
    return tracker.register(new TokenNode(this, sync, fair, units, releaseAdds));
  }

  /** The node of a read-write lock. */
  public ReadWriteNode readWrite(ReadWriteSync sync) {
    return tracker.register(new ReadWriteNode(this, sync));
  }
}
