package dev.concurrency.sync;

import dev.concurrency.sync.internal.ExclusiveSync;
import dev.concurrency.sync.internal.Tracking;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A reentrant mutual-exclusion lock: the owner may take it again, and must release it as many times as it
 * took it; only the owner may release it.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=reentrantMutex}
 *
 * <p>Semantics are those of {@code java.util.concurrent.locks.ReentrantLock}: fair or barging, interruptible
 * and timed acquisition, conditions, a hold count. It is named apart from it on purpose, to be imported
 * beside it; it differs in taking part in this module's deadlock detection when made by a
 * {@link DeadlockDetector} or {@link LockOrdering}.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: as for {@link Mutex}; a release that leaves holds does not publish.
 *
 * <p><b>Python:</b> {@code threading.RLock}; releasing an {@code RLock} the thread does not own raises
 * {@code RuntimeError}, here {@link IllegalMonitorStateException}.
 */
public final class ReentrantMutex extends OwnedMutex {

  @Serial private static final long serialVersionUID = 1L;

  ReentrantMutex(Fairness fairness, @Nullable Tracking tracking) {
    super(fairness, ExclusiveSync.Ownership.REENTRANT, tracking);
  }

  /**
   * A barging reentrant mutex.
   *
   * @return the lock
   */
  public static ReentrantMutex create() {
    return new ReentrantMutex(Fairness.BARGING, null);
  }

  /**
   * A reentrant mutex with the given fairness.
   *
   * @param fairness whether waiting threads are served in arrival order ({@link Fairness#FAIR}) or may be overtaken
   * @return the lock
   */
  public static ReentrantMutex create(Fairness fairness) {
    return new ReentrantMutex(fairness, null);
  }

  @Override
  boolean heldByMe() {
    return sync.isOwnedByCurrentThread();
  }

  @Override
  boolean releasesLastHold() {
    return sync.isOwnedByCurrentThread() && sync.holds() == 1;
  }

  @Override
  String holdsShown() {
    return ", count=" + sync.holds();
  }
}
