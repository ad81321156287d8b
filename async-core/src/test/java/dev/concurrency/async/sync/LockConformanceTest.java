package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.sync.SyncTesting.config;
import static dev.concurrency.async.sync.SyncTesting.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython 3.14's {@code test_locks.py} {@code LockTests}, on the virtual clock. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LockConformanceTest {

  // CPython: test_locks.py LockTests.test_repr
  @Test
  void repr_showsLockedOrUnlocked() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      assertThat(lock.toString()).isEqualTo("AsyncLock[unlocked]");
      lock.acquire();
      assertThat(lock.toString()).isEqualTo("AsyncLock[locked]");
      createTask(lock::acquire);
      tick();
      assertThat(lock.toString()).isEqualTo("AsyncLock[locked, waiters=1]");
      lock.release();
    });
  }

  /** Upstream's {@code c1}, {@code c2}, {@code c3}: acquire, then record a number. */
  private static AsyncTask<Boolean> acquireAndRecord(AsyncLock lock, List<Integer> result, int n) {
    return createTask(() -> {
      if (lock.acquire()) {
        result.add(n);
      }
      return true;
    });
  }

  // CPython: test_locks.py LockTests.test_acquire — waiters get the lock in FIFO order, one release at a time
  @Test
  void acquire_waitersServedInOrder_oneReleaseEach() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      List<Integer> result = new ArrayList<>();
      assertThat(lock.acquire()).isTrue();
      AsyncTask<Boolean> t1 = acquireAndRecord(lock, result, 1);
      AsyncTask<Boolean> t2 = acquireAndRecord(lock, result, 2);
      tick();
      assertThat(result).isEmpty();
      lock.release();
      tick();
      assertThat(result).containsExactly(1);
      tick();
      assertThat(result).containsExactly(1);
      AsyncTask<Boolean> t3 = acquireAndRecord(lock, result, 3);
      lock.release();
      tick();
      assertThat(result).containsExactly(1, 2);
      lock.release();
      tick();
      assertThat(result).containsExactly(1, 2, 3);
      for (AsyncTask<Boolean> t : List.of(t1, t2, t3)) {
        assertThat(t.done()).isTrue();
        assertThat(t.result()).isTrue();
      }
    });
  }

  // CPython: test_locks.py LockTests.test_acquire_cancel
  @Test
  void acquireCancel_cancelledWaiterLeavesNoWaiter() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      assertThat(lock.acquire()).isTrue();
      AsyncTask<Boolean> task = createTask(lock::acquire);
      getRunningLoop().callSoon(task::cancel);
      assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
      assertThat(lock.toString()).isEqualTo("AsyncLock[locked]"); // no waiter left behind
    });
  }

  /** Upstream's {@code lockit}: takes the lock, awaits {@code blocker} if any, releases. */
  private static AsyncTask<Void> lockit(AsyncLock lock, AsyncFuture<Void> blocker) {
    return createTask(() -> {
      lock.acquire();
      try (lock) {
        if (blocker != null) {
          blocker.await();
        }
      }
    });
  }

  // CPython: test_locks.py LockTests.test_cancel_race — B, queued, is cancelled as A releases: C gets the lock
  @Test
  void cancelRace_queuedWaiterCancelledAsTheHolderReleases_nextWaiterGetsTheLock() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      AsyncFuture<Void> fa = getRunningLoop().createFuture();
      AsyncTask<Void> ta = lockit(lock, fa);
      tick();
      assertThat(lock.locked()).isTrue();
      AsyncTask<Void> tb = lockit(lock, null);
      tick();
      assertThat(lock.toString()).endsWith("waiters=1]");
      AsyncTask<Void> tc = lockit(lock, null);
      tick();
      assertThat(lock.toString()).endsWith("waiters=2]");
      fa.setResult(null);
      tb.cancel();
      tick();
      assertThat(lock.locked()).isFalse();
      assertThat(ta.done()).isTrue();
      assertThat(tb.cancelled()).isTrue();
      tc.await();
    });
  }

  // CPython: test_locks.py LockTests.test_cancel_release_race (bpo-32734) — the first waiter is cancelled right
  // as the lock is released: exactly one of the others gets it
  @Test
  void cancelReleaseRace_onlyOneWaiterGetsTheLock() {
    int[] lockCount = {0};
    int[] callCount = {0};
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      List<AsyncTask<Void>> t = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        t.add(createTask(() -> {
          callCount[0]++;
          lock.acquire();
          lockCount[0]++;
        }));
      }
      tick();
      getRunningLoop().callSoon(() -> {
        t.get(0).cancel();
        lock.release();
      });
      assertThatThrownBy(t.get(0)::await).isInstanceOf(CancelledError.class);
      assertThat(lockCount[0]).isEqualTo(1);
      assertThat(callCount[0]).isEqualTo(3);
      assertThat(t.get(0).cancelled() && t.get(1).done()).isTrue();
      t.get(2).cancel();
      tick();
      assertThat(t.get(2).cancelled()).isTrue();
    });
  }

  // CPython: test_locks.py LockTests.test_finished_waiter_cancelled (bpo-27585) — woken, then cancelled before it
  // resumed: the wake-up goes to the next waiter
  @Test
  void finishedWaiterCancelled_wakeUpPassesToTheNextWaiter() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      assertThat(lock.locked()).isTrue();
      AsyncTask<Boolean> tb = createTask(lock::acquire);
      tick();
      assertThat(lock.toString()).endsWith("waiters=1]");
      AsyncTask<Boolean> tc = createTask(lock::acquire);
      tb.cancel();
      lock.release();
      tick();
      assertThat(lock.locked()).isTrue();
      assertThat(tb.cancelled()).isTrue();
      tc.await();
    });
  }

  // CPython: test_locks.py LockTests.test_release_not_acquired
  @Test
  void releaseNotAcquired_failsClearly() {
    assertThatThrownBy(() -> new AsyncLock().release()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not acquired");
  }

  // CPython: test_locks.py LockTests.test_release_no_waiters
  @Test
  void releaseNoWaiters_unlocks() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      assertThat(lock.locked()).isTrue();
      lock.release();
      assertThat(lock.locked()).isFalse();
    });
  }

  // CPython: test_locks.py LockTests.test_context_manager — "async with lock" is acquire() then try (lock)
  @Test
  void contextManager_heldInsideTheBlock_releasedAfter() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      assertThat(lock.locked()).isFalse();
      lock.acquire();
      try (lock) {
        assertThat(lock.locked()).isTrue();
      }
      assertThat(lock.locked()).isFalse();
    });
  }
}
