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
final class AsyncConditionTest {

  private static AsyncTask<Void> waiter(AsyncCondition cond, List<Integer> log, int id) {
    return createTask(() -> {
      cond.acquire();
      try (cond) {
        cond.await();
        log.add(id);
      }
    });
  }

  // CPython test_locks.py ConditionTests: test_wait / test_notify — notify(n) wakes n waiters in FIFO order
  @Test
  void notify_n_wakesThatManyInFifoOrder() {
    List<Integer> log = new ArrayList<>();
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<AsyncTask<Void>> ts = List.of(waiter(cond, log, 1), waiter(cond, log, 2), waiter(cond, log, 3));
      tick();
      assertThat(cond.locked()).isFalse();
      cond.acquire();
      cond.notify(1);
      cond.release();
      tick();
      tick();
      assertThat(log).containsExactly(1);
      cond.acquire();
      cond.notify(2);
      cond.release();
      for (AsyncTask<Void> t : ts) {
        t.await();
      }
      assertThat(log).containsExactly(1, 2, 3);
    });
  }

  // CPython test_locks.py ConditionTests: test_notify_all
  @Test
  void notifyAllWaiters_wakesEveryWaiter() {
    List<Integer> log = new ArrayList<>();
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<AsyncTask<Void>> ts = List.of(waiter(cond, log, 1), waiter(cond, log, 2));
      tick();
      cond.acquire();
      try (cond) {
        cond.notifyAllWaiters();
      }
      for (AsyncTask<Void> t : ts) {
        t.await();
      }
      assertThat(log).containsExactly(1, 2);
    });
  }

  // CPython test_locks.py ConditionTests: test_wait_for
  @Test
  void waitFor_predicateFalse_waitsUntilTrueAfterNotify() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      int[] presult = {0};
      AsyncTask<Boolean> t = createTask(() -> {
        cond.acquire();
        try (cond) {
          return cond.waitFor(() -> presult[0] == 3);
        }
      });
      for (int i = 1; i <= 3; i++) {
        tick();
        cond.acquire();
        presult[0] = i;
        cond.notify(1);
        cond.release();
      }
      assertThat(t.await()).isTrue();
    });
  }

  // CPython test_locks.py ConditionTests: test_explicit_lock / test_notify with a cancelled waiter in the queue
  @Test
  void notify_sharedLock_skipsCancelledWaiter_wakesNextInOrder() {
    List<Integer> log = new ArrayList<>();
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      AsyncCondition first = new AsyncCondition(lock);
      AsyncCondition second = new AsyncCondition(lock);
      AsyncTask<Void> w1 = waiter(first, log, 1);
      AsyncTask<Void> w2 = waiter(first, log, 2);
      AsyncTask<Void> w3 = waiter(second, log, 3);
      tick();
      w1.cancel();
      assertThatThrownBy(w1::await).isInstanceOf(CancelledError.class);
      lock.acquire();
      try (lock) {
        assertThat(first.locked() && second.locked()).isTrue();
        first.notify(1); // w1 is gone: w2 is woken, w3 waits on the other condition
      }
      w2.await();
      assertThat(w3.done()).isFalse();
      second.acquire();
      second.notifyAllWaiters();
      second.release();
      w3.await();
      assertThat(log).containsExactly(2, 3);
    });
  }

  // CPython test_locks.py ConditionTests: test_wait_unacquired / test_notify_unacquired
  @Test
  void awaitAndNotify_withoutLock_throwClearError() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      assertThatThrownBy(cond::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("acquire()");
      assertThatThrownBy(() -> cond.notify(1)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(cond::notifyAllWaiters).isInstanceOf(IllegalStateException.class);
      cond.acquire();
      assertThatThrownBy(() -> cond.notify(-1)).isInstanceOf(IllegalArgumentException.class);
      cond.release();
    });
  }

  // CPython test_locks.py ConditionTests: test_wait_cancel_contested — the lock is re-acquired before raising
  @Test
  void await_cancelled_reacquiresLockBeforeThrowing() {
    run(config(), () -> {
      AsyncLock lock = new AsyncLock();
      AsyncCondition cond = new AsyncCondition(lock);
      boolean[] heldAtCancel = {false};
      AsyncTask<Void> t = createTask(() -> {
        cond.acquire();
        try (cond) {
          try {
            cond.await();
          } catch (CancelledError e) {
            heldAtCancel[0] = cond.locked();
            throw e;
          }
        }
      });
      tick();
      lock.acquire(); // contest the lock so the cancelled waiter has to queue for it
      t.cancel();
      tick();
      assertThat(t.done()).isFalse();
      lock.release();
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(heldAtCancel[0]).isTrue();
      assertThat(lock.locked()).isFalse();
    });
  }

  // CPython test_locks.py ConditionTests: test_cancelled_wakeup (gh-112202) — a notification is not lost
  @Test
  void notify_wokenWaiterCancelled_notificationPassesToNext() {
    List<Integer> log = new ArrayList<>();
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      AsyncTask<Void> first = waiter(cond, log, 1);
      AsyncTask<Void> second = waiter(cond, log, 2);
      tick();
      cond.acquire();
      cond.notify(1); // for "first"
      first.cancel(); // cancelled before it resumes
      cond.release();
      second.await(); // would hang (the test's timeout) if the notification were lost
      assertThat(first.cancelled()).isTrue();
      assertThat(log).containsExactly(2);
    });
  }
}
