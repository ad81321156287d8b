package dev.concurrency.examples.sync;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code sync} group's examples, in listing order. */
public final class SyncExamples {

  private SyncExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Sync01DiningNaiveDeadlock.EXAMPLE,
        Sync02DiningLockdep.EXAMPLE,
        Sync03DiningOrdered.EXAMPLE,
        Sync04DiningArbitrator.EXAMPLE,
        Sync05DiningBackoff.EXAMPLE,
        Sync06MutexVsSemaphore.EXAMPLE);
  }
}
