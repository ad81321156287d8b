package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.timeout;
import static dev.concurrency.async.AsyncIO.waitFor;
import static dev.concurrency.async.sync.SyncTesting.config;
import static dev.concurrency.async.sync.SyncTesting.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.async.CancelledError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_locks.py} {@code ConditionTests}, on the virtual clock. {@code wait()},
 * {@code wait_for()} and {@code notify_all()} are {@code await()}, {@code waitFor()} and {@code
 * notifyAllWaiters()}; {@code RuntimeError} is {@link IllegalStateException}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ConditionConformanceTest {

  /** Upstream's {@code c1}..{@code c3} of test_wait: acquire, wait, record, return true (keeping the lock). */
  private static AsyncTask<Boolean> waitAndRecord(AsyncCondition cond, List<Integer> result, int n) {
    return createTask(() -> {
      cond.acquire();
      if (cond.await()) {
        result.add(n);
      }
      return true;
    });
  }

  /** Upstream's {@code c1}..{@code c3} of test_notify: acquire, wait, record, release. */
  private static AsyncTask<Boolean> waitRecordRelease(AsyncCondition cond, List<Integer> result, int n) {
    return createTask(() -> {
      cond.acquire();
      if (cond.await()) {
        result.add(n);
        cond.release();
      }
      return true;
    });
  }

  private static void assertAllDoneTrue(List<AsyncTask<Boolean>> tasks) {
    for (AsyncTask<Boolean> t : tasks) {
      assertThat(t.done()).isTrue();
      assertThat(t.result()).isTrue();
    }
  }

  // CPython: test_locks.py ConditionTests.test_wait
  @Test
  void waitAll_notifiedWaitersTakeTheLockOneAtATime() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<Integer> result = new ArrayList<>();
      List<AsyncTask<Boolean>> tasks = List.of(
          waitAndRecord(cond, result, 1), waitAndRecord(cond, result, 2), waitAndRecord(cond, result, 3));
      tick();
      assertThat(result).isEmpty();
      assertThat(cond.locked()).isFalse();
      assertThat(cond.acquire()).isTrue();
      cond.notify(1);
      tick();
      assertThat(result).isEmpty();
      assertThat(cond.locked()).isTrue();
      cond.release();
      tick();
      assertThat(result).containsExactly(1);
      assertThat(cond.locked()).isTrue();
      cond.notify(2);
      tick();
      assertThat(result).containsExactly(1);
      assertThat(cond.locked()).isTrue();
      cond.release();
      tick();
      assertThat(result).containsExactly(1, 2);
      assertThat(cond.locked()).isTrue();
      cond.release();
      tick();
      assertThat(result).containsExactly(1, 2, 3);
      assertThat(cond.locked()).isTrue();
      assertAllDoneTrue(tasks);
    });
  }

  // CPython: test_locks.py ConditionTests.test_wait_cancel — the lock is held again when the cancellation leaves
  @Test
  void waitCancel_lockReacquired_noWaiterLeft() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      cond.acquire();
      AsyncTask<Boolean> wait = createTask(cond::await);
      getRunningLoop().callSoon(wait::cancel);
      assertThatThrownBy(wait::await).isInstanceOf(CancelledError.class);
      assertThat(cond.toString()).isEqualTo("AsyncCondition[locked]");
      assertThat(cond.locked()).isTrue();
    });
  }

  // CPython: test_locks.py ConditionTests.test_wait_cancel_contested — notified, then cancelled while the lock is
  // contested: it ends holding the lock
  @Test
  void waitCancelContested_endsHoldingTheLock() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      cond.acquire();
      assertThat(cond.locked()).isTrue();
      AsyncTask<Boolean> waitTask = createTask(cond::await);
      tick();
      assertThat(cond.locked()).isFalse();
      cond.acquire();
      assertThat(cond.locked()).isTrue();
      cond.notify(1);
      getRunningLoop().callSoon(waitTask::cancel);
      getRunningLoop().callSoon(cond::release);
      try {
        waitTask.await();
      } catch (CancelledError c) {
        // upstream allows it: the cancellation may or may not get through
      }
      assertThat(cond.locked()).isTrue();
    });
  }

  // CPython: test_locks.py ConditionTests.test_wait_cancel_after_notify (bpo-32841)
  @Test
  void waitCancelAfterNotify_cancelledWhileReacquiring() {
    boolean[] waited = {false};
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      AsyncTask<Void> waiter = createTask(() -> {
        cond.acquire();
        try (cond) {
          waited[0] = true;
          cond.await();
        }
      });
      tick(); // start waiting
      cond.acquire();
      cond.notify(1);
      tick(); // get to acquire()
      waiter.cancel();
      tick(); // activate the cancellation
      cond.release();
      tick(); // the cancellation should occur
      assertThat(waiter.cancelled()).isTrue();
    });
    assertThat(waited[0]).isTrue();
  }

  // CPython: test_locks.py ConditionTests.test_wait_unacquired
  @Test
  void waitUnacquired_failsClearly() {
    run(config(), () -> {
      assertThatThrownBy(() -> new AsyncCondition().await()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("acquire() first");
    });
  }

  // CPython: test_locks.py ConditionTests.test_wait_for
  @Test
  void waitFor_returnsOnlyOnceThePredicateHolds() {
    boolean[] presult = {false};
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<Integer> result = new ArrayList<>();
      AsyncTask<Boolean> t = createTask(() -> {
        cond.acquire();
        if (cond.waitFor(() -> presult[0])) {
          result.add(1);
          cond.release();
        }
        return true;
      });
      tick();
      assertThat(result).isEmpty();
      cond.acquire();
      cond.notify(1);
      cond.release();
      tick();
      assertThat(result).isEmpty();
      presult[0] = true;
      cond.acquire();
      cond.notify(1);
      cond.release();
      tick();
      assertThat(result).containsExactly(1);
      assertThat(t.done()).isTrue();
      assertThat(t.result()).isTrue();
    });
  }

  // CPython: test_locks.py ConditionTests.test_wait_for_unacquired — a predicate already true needs no lock
  @Test
  void waitForUnacquired_truePredicateReturnsAtOnce_falseOneNeedsTheLock() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      assertThat(cond.waitFor(() -> true)).isTrue();
      assertThatThrownBy(() -> cond.waitFor(() -> false)).isInstanceOf(IllegalStateException.class);
    });
  }

  // CPython: test_locks.py ConditionTests.test_notify
  @Test
  void notify_wakesThatManyInOrder_moreThanWaitingIsFine() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<Integer> result = new ArrayList<>();
      List<AsyncTask<Boolean>> tasks = List.of(waitRecordRelease(cond, result, 1),
          waitRecordRelease(cond, result, 2), waitRecordRelease(cond, result, 3));
      tick();
      assertThat(result).isEmpty();
      cond.acquire();
      cond.notify(1);
      cond.release();
      tick();
      assertThat(result).containsExactly(1);
      cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      tick();
      assertThat(result).containsExactly(1, 2, 3);
      assertAllDoneTrue(tasks);
    });
  }

  // CPython: test_locks.py ConditionTests.test_notify_all
  @Test
  void notifyAll_wakesEveryWaiter() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      List<Integer> result = new ArrayList<>();
      List<AsyncTask<Boolean>> tasks = List.of(waitRecordRelease(cond, result, 1),
          waitRecordRelease(cond, result, 2));
      tick();
      assertThat(result).isEmpty();
      cond.acquire();
      cond.notifyAllWaiters();
      cond.release();
      tick();
      assertThat(result).containsExactly(1, 2);
      assertAllDoneTrue(tasks);
    });
  }

  // CPython: test_locks.py ConditionTests.test_notify_unacquired
  @Test
  void notifyUnacquired_failsClearly() {
    assertThatThrownBy(() -> new AsyncCondition().notify(1)).isInstanceOf(IllegalStateException.class);
  }

  // CPython: test_locks.py ConditionTests.test_notify_all_unacquired
  @Test
  void notifyAllUnacquired_failsClearly() {
    assertThatThrownBy(() -> new AsyncCondition().notifyAllWaiters()).isInstanceOf(IllegalStateException.class);
  }

  // CPython: test_locks.py ConditionTests.test_repr
  @Test
  void repr_showsLockStateAndWaiters() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      assertThat(cond.toString()).isEqualTo("AsyncCondition[unlocked]");
      cond.acquire();
      assertThat(cond.toString()).isEqualTo("AsyncCondition[locked]");
      AsyncLock lock = new AsyncLock();
      AsyncCondition shared = new AsyncCondition(lock);
      for (int n = 1; n <= 2; n++) {
        createTask(() -> {
          shared.acquire();
          try (shared) {
            shared.await();
          }
        });
        tick();
        assertThat(shared.toString()).isEqualTo("AsyncCondition[unlocked, waiters=" + n + "]");
      }
      shared.acquire();
      shared.notifyAllWaiters();
      shared.release();
    });
  }

  // CPython: test_locks.py ConditionTests.test_context_manager
  @Test
  void contextManager_heldInsideTheBlock() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      assertThat(cond.locked()).isFalse();
      cond.acquire();
      try (cond) {
        assertThat(cond.locked()).isTrue();
      }
      assertThat(cond.locked()).isFalse();
    });
  }

  /** Upstream's {@code f} of test_explicit_lock. */
  private static void assertSharesTheLock(AsyncLock lock, AsyncCondition cond) {
    assertThat(lock.locked()).isFalse();
    assertThat(cond.locked()).isFalse();
    cond.acquire();
    try (cond) {
      assertThat(lock.locked()).isTrue();
      assertThat(cond.locked()).isTrue();
    }
    assertThat(lock.locked()).isFalse();
    assertThat(cond.locked()).isFalse();
    lock.acquire();
    try (lock) {
      assertThat(lock.locked()).isTrue();
      assertThat(cond.locked()).isTrue();
    }
    assertThat(lock.locked()).isFalse();
    assertThat(cond.locked()).isFalse();
  }

  // CPython: test_locks.py ConditionTests.test_explicit_lock
  @Test
  void explicitLock_conditionAndLockShareOneState() {
    run(config(), () -> {
      AsyncLock own = new AsyncLock();
      assertSharesTheLock(own, new AsyncCondition(own));
      AsyncLock given = new AsyncLock();
      assertSharesTheLock(given, new AsyncCondition(given));
    });
  }

  // CPython: test_locks.py ConditionTests.test_ambiguous_loops — a lock or condition that waited in one loop
  // refuses to wait in another, and a failed wait leaves the lock held
  @Test
  void ambiguousLoops_waitingInASecondLoopRefused() {
    AsyncLock lock = new AsyncLock();
    AsyncCondition cond = new AsyncCondition(lock);
    run(config(), () -> { // lock and condition both wait once in this loop: bound to it
      lock.acquire();
      AsyncTask<Boolean> lockWaiter = createTask(lock::acquire);
      tick();
      lock.release();
      lockWaiter.await();
      lock.release();
      AsyncTask<Boolean> condWaiter = createTask(() -> {
        cond.acquire();
        try (cond) {
          return cond.await();
        }
      });
      tick();
      cond.acquire();
      cond.notifyAllWaiters();
      cond.release();
      assertThat(condWaiter.await()).isTrue();
    });
    run(config(), () -> {
      lock.acquire(); // free: acquired without the loop
      try (lock) {
        assertThatThrownBy(() -> new AsyncCondition(lock).acquire()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("another event loop"); // the lock must wait: its loop is checked
      }
      lock.acquire();
      try (lock) {
        assertThatThrownBy(cond::await).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("another event loop");
        assertThat(lock.locked()).isTrue();
      }
    });
  }

  // CPython: test_locks.py ConditionTests.test_timeout_in_block
  @Test
  void timeoutInBlock_waitTimesOut_lockHeldAgain() {
    run(config(), () -> {
      AsyncCondition condition = new AsyncCondition();
      condition.acquire();
      try (condition) {
        assertThatThrownBy(() -> waitFor(condition::await, Duration.ofMillis(500)))
            .isInstanceOf(AsyncTimeoutException.class);
        assertThat(condition.locked()).isTrue();
      }
    });
  }

  /** Upstream's {@code func}: waits for {@code wake}, catching the cancellation and raising it again. */
  private static AsyncTask<Void> waitCatchRethrow(AsyncCondition cond, boolean[] wake, CancelledError[] raised) {
    return createTask(() -> {
      cond.acquire();
      try (cond) {
        try {
          cond.waitFor(() -> wake[0]);
        } catch (CancelledError c) {
          raised[0] = c;
          throw c;
        }
      }
    });
  }

  // CPython: test_locks.py ConditionTests.test_cancelled_error_wakeup — cancelled while waiting: the same
  // CancelledError comes out of the task
  @Test
  void cancelledErrorWakeup_sameErrorReRaised() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      boolean[] wake = {false};
      CancelledError[] raised = {null};
      AsyncTask<Void> task = waitCatchRethrow(cond, wake, raised);
      tick();
      task.cancel("foo");
      assertThatThrownBy(task::await).isInstanceOf(CancelledError.class).hasMessage("foo")
          .isSameAs(raised[0]);
    });
  }

  // CPython: test_locks.py ConditionTests.test_cancelled_error_re_aquire — cancelled while re-acquiring the lock:
  // the same CancelledError comes out of the task
  @Test
  void cancelledErrorReAquire_sameErrorReRaised() {
    run(config(), () -> {
      AsyncCondition cond = new AsyncCondition();
      boolean[] wake = {false};
      CancelledError[] raised = {null};
      AsyncTask<Void> task = waitCatchRethrow(cond, wake, raised);
      tick();
      cond.acquire();
      wake[0] = true;
      cond.notify(1);
      tick();
      task.cancel("foo"); // now trying to re-acquire the lock
      cond.release();
      assertThatThrownBy(task::await).isInstanceOf(CancelledError.class).hasMessage("foo")
          .isSameAs(raised[0]);
    });
  }

  /** Upstream's consumer of the two test_cancelled_wakeup tests: takes items while {@code state > 0}. */
  private static AsyncTask<Void> consumer(AsyncCondition condition, int[] state) {
    return createTask(() -> {
      condition.acquire();
      try (condition) {
        for (;;) {
          condition.waitFor(() -> state[0] != 0);
          if (state[0] < 0) {
            return;
          }
          state[0] -= 1;
        }
      }
    });
  }

  /** The rest of both tests: wait, under a short timeout, for the item to be consumed; then stop the consumers. */
  private static void assertItemConsumedThenStop(AsyncCondition condition, int[] state, List<AsyncTask<Void>> c) {
    try {
      timeout(Duration.ofMillis(10), () -> condition.waitFor(() -> state[0] == 0));
    } catch (AsyncTimeoutException e) {
      // upstream tolerates the timeout; the assertion below is what matters
    }
    assertThat(state[0]).isZero();
    state[0] = -1;
    condition.notifyAllWaiters();
  }

  // CPython: test_locks.py ConditionTests.test_cancelled_wakeup (gh-112202) — a consumer cancelled while awaiting
  // its wake-up passes the notification on: the item is consumed
  @Test
  void cancelledWakeup_notificationNotLost() {
    run(config(), () -> {
      AsyncCondition condition = new AsyncCondition();
      int[] state = {0};
      List<AsyncTask<Void>> c = List.of(consumer(condition, state), consumer(condition, state));
      tick();
      condition.acquire();
      try (condition) {
        state[0] += 1;
        condition.notify(1);
        c.get(0).cancel(); // cancelled while awaiting to be run
        assertItemConsumedThenStop(condition, state, c);
      }
      c.get(1).await();
    });
  }

  // CPython: test_locks.py ConditionTests.test_cancelled_wakeup_relock — the same, cancelled while re-acquiring
  @Test
  void cancelledWakeupRelock_notificationNotLost() {
    run(config(), () -> {
      AsyncCondition condition = new AsyncCondition();
      int[] state = {0};
      List<AsyncTask<Void>> c = List.of(consumer(condition, state), consumer(condition, state));
      tick();
      condition.acquire();
      try (condition) {
        state[0] += 1;
        condition.notify(1);
        tick(); // the woken consumer settles on re-acquiring the lock
        c.get(0).cancel();
        assertItemConsumedThenStop(condition, state, c);
      }
      c.get(1).await();
    });
  }
}
