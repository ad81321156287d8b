package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.sync.SyncTesting.config;
import static dev.concurrency.async.sync.SyncTesting.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncLockTest {

  // CPython test_locks.py LockTests: test_acquire — waiters get the lock in FIFO order
  @Test
  void acquire_contended_grantsInFifoOrder() {
    List<Integer> order = new ArrayList<>();
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      assertThat(lock.acquire()).isTrue();
      List<AsyncTask<Void>> tasks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int id = i;
        tasks.add(createTask(() -> {
          lock.acquire();
          order.add(id);
        }));
      }
      tick();
      assertThat(order).isEmpty();
      lock.release();
      tick();
      tick();
      assertThat(order).containsExactly(1);
      lock.release();
      tick();
      tick();
      assertThat(order).containsExactly(1, 2);
      lock.release();
      for (AsyncTask<Void> t : tasks) {
        t.await();
      }
      assertThat(order).containsExactly(1, 2, 3);
      assertThat(lock.locked()).isTrue();
    });
  }

  // CPython test_locks.py LockTests: test_acquire_cancel
  @Test
  void acquire_cancelledWhileWaiting_throwsCancelledAndLeavesQueue() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      AsyncTask<Boolean> waiter = createTask(lock::acquire);
      tick();
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
      assertThat(waiter.cancelled()).isTrue();
      assertThat(lock.toString()).isEqualTo("AsyncLock[locked]");
      lock.release();
      assertThat(lock.locked()).isFalse();
    });
  }

  // CPython test_locks.py LockTests: test_cancel_race — a waiter cancelled while queued does not block the next
  @Test
  void acquire_middleWaiterCancelled_nextWaiterStillGetsLock() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      List<String> got = new ArrayList<>();
      AsyncTask<Void> a = createTask(() -> { lock.acquire(); got.add("a"); lock.release(); });
      AsyncTask<Void> b = createTask(() -> { lock.acquire(); got.add("b"); lock.release(); });
      AsyncTask<Void> c = createTask(() -> { lock.acquire(); got.add("c"); lock.release(); });
      tick();
      b.cancel();
      lock.release();
      a.await();
      c.await();
      assertThat(b.cancelled()).isTrue();
      assertThat(got).containsExactly("a", "c");
      assertThat(lock.locked()).isFalse();
    });
  }

  // CPython test_locks.py LockTests: test_finished_waiter_cancelled (bpo-27585) — woken, then cancelled
  @Test
  void acquire_wokenThenCancelledBeforeResuming_passesLockToNextWaiter() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      AsyncTask<Boolean> ta = createTask(lock::acquire);
      tick();
      assertThat(lock.locked()).isTrue();
      AsyncTask<Boolean> tb = createTask(lock::acquire);
      tick();
      AsyncTask<Boolean> tc = createTask(lock::acquire);
      tick();
      lock.release(); // wakes tb
      tb.cancel(); // ...which is cancelled before it resumes
      tick();
      assertThat(ta.done()).isTrue();
      assertThat(tb.cancelled()).isTrue();
      tick();
      assertThat(tc.done()).isTrue();
      assertThat(lock.locked()).isTrue();
    });
  }

  // CPython test_locks.py LockTests: test_cancel_release_race — release, then cancel the released waiter
  @Test
  void acquire_releaseThenCancelWokenWaiter_lockNotStrandedNorDoubleHeld() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      List<String> holders = new ArrayList<>();
      AsyncTask<Void> t1 = createTask(() -> { lock.acquire(); holders.add("t1"); });
      AsyncTask<Void> t2 = createTask(() -> { lock.acquire(); holders.add("t2"); });
      AsyncTask<Void> t3 = createTask(() -> { lock.acquire(); holders.add("t3"); });
      tick();
      lock.release();
      t1.cancel();
      t2.cancel();
      t3.await();
      assertThat(t1.cancelled()).isTrue();
      assertThat(t2.cancelled()).isTrue();
      assertThat(holders).containsExactly("t3");
      assertThat(lock.locked()).isTrue();
    });
  }

  // CPython test_locks.py LockTests: test_release_not_acquired
  @Test
  void release_notAcquired_throwsClearError() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      assertThatThrownBy(lock::release)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not acquired");
    });
  }

  // CPython test_locks.py LockTests: test_context_manager — "async with lock" as acquire + try (lock)
  @Test
  void tryWithResources_releasesOnNormalExitAndOnException() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      lock.acquire();
      try (lock) {
        assertThat(lock.locked()).isTrue();
      }
      assertThat(lock.locked()).isFalse();
      assertThatThrownBy(() -> {
        lock.acquire();
        try (lock) {
          throw new IllegalArgumentException("boom");
        }
      }).hasMessage("boom");
      assertThat(lock.locked()).isFalse();
    });
  }

  // CPython test_locks.py LockTests: test_lock — mutual exclusion while the holder yields
  @Test
  void acquire_holderYields_noOtherTaskEnters() {
    int[] inside = {0};
    int[] maxInside = {0};
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      List<AsyncTask<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tasks.add(createTask(() -> {
          for (int k = 0; k < 5; k++) {
            lock.acquire();
            try (lock) {
              inside[0]++;
              maxInside[0] = Math.max(maxInside[0], inside[0]);
              tick();
              inside[0]--;
            }
          }
        }));
      }
      for (AsyncTask<Void> t : tasks) {
        t.await();
      }
    });
    assertThat(maxInside[0]).isEqualTo(1);
  }

  @Test
  void acquire_outsideTask_throwsClearError() {
    AsyncLock lock = new AsyncLock();
    lock.toString();
    assertThatThrownBy(() -> new AsyncLock().acquire()).isInstanceOf(IllegalStateException.class);
    // contended: the lock is taken in one loop, then acquired from a plain thread
    run(config(), lock::acquire);
    assertThatThrownBy(lock::acquire)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be called from a task");
  }

  // CPython test_locks.py: the mixin's "is bound to a different event loop" — bound when it first waits
  @Test
  void acquire_waitedInOneLoop_waitingInAnotherThrows_uncontendedStillWorks() {
    AsyncLock lock = new AsyncLock();
    run(config(), () -> {
      lock.acquire();
      AsyncTask<Boolean> waiter = createTask(lock::acquire); // waits: binds the lock to this loop
      tick();
      lock.release();
      waiter.await();
      lock.release();
    });
    run(config(), () -> {
      lock.acquire(); // free and nobody queued: no loop is involved, as in asyncio
      assertThatThrownBy(lock::acquire)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another event loop");
      lock.release();
    });
  }
}
