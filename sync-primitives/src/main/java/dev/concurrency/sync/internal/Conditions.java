package dev.concurrency.sync.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;

/** The checks of the condition-monitoring methods, in {@code ReentrantLock}'s order. Stateless, thread-safe. */
public final class Conditions {

  private Conditions() {}

  /**
   * {@code condition} as a condition of {@code sync}.
   *
   * @throws NullPointerException if {@code condition} is null
   * @throws IllegalArgumentException if it is not a condition of this lock
   */
  public static AbstractQueuedSynchronizer.ConditionObject of(
      Condition condition, AbstractQueuedSynchronizer sync) {
    requireNonNull(condition, "condition");
    if (!(condition instanceof AbstractQueuedSynchronizer.ConditionObject object) || !sync.owns(object)) {
      throw new IllegalArgumentException(
          "not a condition of this lock: ask the lock whose newCondition() made it");
    }
    return object;
  }
}
