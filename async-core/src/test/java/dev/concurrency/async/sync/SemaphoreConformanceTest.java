package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;
import static dev.concurrency.async.AsyncIO.waitFor;
import static dev.concurrency.async.sync.SyncTesting.config;
import static dev.concurrency.async.sync.SyncTesting.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_locks.py} {@code SemaphoreTests}, on the virtual clock. Upstream reads
 * {@code sem._value} and {@code len(sem._waiters)}; here {@link AsyncSemaphore#value()} and the waiter count in
 * {@code toString()}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class SemaphoreConformanceTest {

  private static AsyncTask<Boolean> acquireAndRecord(AsyncSemaphore sem, List<Integer> result, int n) {
    return createTask(() -> {
      sem.acquire();
      result.add(n);
      return true;
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_initial_value_zero
  @Test
  void initialValueZero_locked() {
    assertThat(new AsyncSemaphore(0).locked()).isTrue();
  }

  // CPython: test_locks.py SemaphoreTests.test_repr
  @Test
  void repr_showsValueWhenUnlocked_waitersWhenQueued() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore();
      assertThat(sem.toString()).isEqualTo("AsyncSemaphore[unlocked, value=1]");
      sem.acquire();
      assertThat(sem.toString()).isEqualTo("AsyncSemaphore[locked]");
      for (int n = 1; n <= 2; n++) {
        createTask(sem::acquire);
        tick();
        assertThat(sem.toString()).isEqualTo("AsyncSemaphore[locked, waiters=" + n + "]");
      }
      sem.release();
      sem.release();
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_semaphore_value
  @Test
  void semaphoreValue_negative_failsClearly() {
    assertThatThrownBy(() -> new AsyncSemaphore(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0");
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire
  @Test
  void acquire_permitsGoOneEachInOrder() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(3);
      List<Integer> result = new ArrayList<>();
      assertThat(sem.acquire()).isTrue();
      assertThat(sem.acquire()).isTrue();
      assertThat(sem.locked()).isFalse();
      AsyncTask<Boolean> t1 = acquireAndRecord(sem, result, 1);
      AsyncTask<Boolean> t2 = acquireAndRecord(sem, result, 2);
      AsyncTask<Boolean> t3 = acquireAndRecord(sem, result, 3);
      tick();
      assertThat(result).containsExactly(1);
      assertThat(sem.locked()).isTrue();
      assertThat(sem.toString()).endsWith("waiters=2]");
      assertThat(sem.value()).isZero();
      AsyncTask<Boolean> t4 = acquireAndRecord(sem, result, 4);
      sem.release();
      sem.release();
      assertThat(sem.value()).isZero();
      tick();
      assertThat(sem.value()).isZero();
      assertThat(result).hasSize(3);
      assertThat(sem.locked()).isTrue();
      assertThat(sem.toString()).endsWith("waiters=1]");
      assertThat(t1.done()).isTrue();
      assertThat(t1.result()).isTrue();
      List<AsyncTask<Boolean>> race = List.of(t2, t3, t4);
      assertThat(race.stream().filter(t -> t.done() && t.result())).hasSize(2);
      sem.release(); // clean up the locked semaphore
      gather(race, /* returnExceptions= */ false).await();
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_cancel
  @Test
  void acquireCancel_noPendingWaiterLeft() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore();
      sem.acquire();
      AsyncTask<Boolean> acquire = createTask(sem::acquire);
      getRunningLoop().callSoon(acquire::cancel);
      assertThatThrownBy(acquire::await).isInstanceOf(CancelledError.class);
      assertThat(sem.toString()).isEqualTo("AsyncSemaphore[locked]");
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_cancel_before_awoken — two queued waiters cancelled before
  // a release: the permit goes to the third, not the fourth
  @Test
  void acquireCancelBeforeAwoken_permitGoesToTheNextLiveWaiter() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      List<AsyncTask<Boolean>> t = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        t.add(createTask(sem::acquire));
      }
      tick();
      t.get(0).cancel();
      t.get(1).cancel();
      sem.release();
      tick();
      tick();
      assertThat(t.get(2).done()).isTrue();
      assertThat(t.get(3).done()).isFalse();
      t.get(2).cancel();
      t.get(3).cancel();
      tick();
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_hang — a cancelled waiter does not strand the next one
  @Test
  void acquireHang_cancelledFirstWaiter_secondGetsThePermit() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      AsyncTask<Boolean> t1 = createTask(sem::acquire);
      AsyncTask<Boolean> t2 = createTask(sem::acquire);
      tick();
      t1.cancel();
      sem.release();
      tick();
      tick();
      assertThat(sem.locked()).isTrue();
      assertThat(t2.done()).isTrue();
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_no_hang — a waiter cancelled after it was handed the permit
  // gives it back
  @Test
  void acquireNoHang_wokenWaiterCancelled_permitNotLost() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(1);
      AsyncTask<Void>[] t2 = newTaskArray();
      AsyncTask<Void> t1 = createTask(() -> {
        sem.acquire();
        try (sem) {
          sleep(Duration.ZERO);
        }
        t2[0].cancel();
      });
      t2[0] = createTask(() -> {
        sem.acquire();
        try (sem) {
          throw new AssertionError("t2 must not get the permit");
        }
      });
      List<Object> results = gather(List.of(t1, t2[0]), /* returnExceptions= */ true).await();
      assertThat(results.get(0)).isNull();
      assertThat(results.get(1)).isInstanceOf(CancelledError.class);
      waitFor(sem::acquire, Duration.ofSeconds(1));
    });
  }

  @SuppressWarnings("unchecked")
  private static AsyncTask<Void>[] newTaskArray() {
    return (AsyncTask<Void>[]) new AsyncTask<?>[1];
  }

  // CPython: test_locks.py SemaphoreTests.test_release_not_acquired — a BoundedSemaphore refuses it
  @Test
  void releaseNotAcquired_boundedSemaphoreRefuses() {
    assertThatThrownBy(() -> new AsyncBoundedSemaphore(1).release()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released too many times");
  }

  // CPython: test_locks.py SemaphoreTests.test_release_no_waiters
  @Test
  void releaseNoWaiters_unlocks() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore();
      sem.acquire();
      assertThat(sem.locked()).isTrue();
      sem.release();
      assertThat(sem.locked()).isFalse();
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_fifo_order
  @Test
  void acquireFifoOrder_tasksTakeTurnsInOrder() {
    List<String> result = new ArrayList<>();
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(1);
      taskGroup(tg -> {
        for (String tag : List.of("c1", "c2", "c3")) {
          tg.createTask(() -> {
            for (int round = 1; round <= 2; round++) {
              sem.acquire();
              result.add(tag + "_" + round);
              sleep(Duration.ofMillis(10));
              sem.release();
            }
          });
        }
      });
    });
    assertThat(result).containsExactly("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2");
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_fifo_order_2 — a task that releases and acquires again
  // queues behind the waiters
  @Test
  void acquireFifoOrder2_reacquiringTaskQueuesBehindWaiters() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(1);
      List<Integer> result = new ArrayList<>();
      AsyncTask<Boolean> t1 = acquireAndRecord(sem, result, 1);
      AsyncTask<Boolean> t2 = createTask(() -> {
        sem.acquire();
        result.add(2);
        sem.release();
        sem.acquire();
        result.add(4);
        return true;
      });
      AsyncTask<Boolean> t3 = acquireAndRecord(sem, result, 3);
      tick();
      sem.release();
      sem.release();
      gather(t1, t2, t3).await();
      assertThat(result).containsExactly(1, 2, 3, 4);
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_fifo_order_3 — a cancelled waiter loses its turn
  @Test
  void acquireFifoOrder3_cancelledWaiterSkipped() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      List<Integer> result = new ArrayList<>();
      AsyncTask<Boolean> t1 = acquireAndRecord(sem, result, 1);
      AsyncTask<Boolean> t2 = acquireAndRecord(sem, result, 2);
      AsyncTask<Boolean> t3 = acquireAndRecord(sem, result, 3);
      tick();
      t1.cancel();
      tick();
      sem.release();
      sem.release();
      gather(List.of(t1, t2, t3), /* returnExceptions= */ true).await();
      assertThat(result).containsExactly(2, 3);
    });
  }

  // CPython: test_locks.py SemaphoreTests.test_acquire_fifo_order_4 — a woken waiter that has not resumed still
  // counts: the semaphore is locked for a newcomer, and the woken one, once it acquires, wakes those queued behind
  @Test
  void acquireFifoOrder4_wokenWaiterStillCounts_newcomerQueues() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      List<Integer> result = new ArrayList<>();
      List<AsyncTask<Boolean>> t4 = new ArrayList<>();
      AsyncTask<Boolean> t1 = createTask(() -> {
        assertThat(sem.value()).isZero();
        sem.acquire();
        assertThat(sem.value()).isZero(); // every waiting task was woken
        t4.add(createTask(() -> result.add(4))); // runs after c3, not before c2
        result.add(1);
        return true;
      });
      AsyncTask<Boolean> t2 = createTask(() -> {
        sem.release();
        sem.release();
        sem.release();
        assertThat(sem.value()).isEqualTo(2);
        assertThat(sem.locked()).isTrue(); // c1 was woken but has not resumed
        sem.acquire();
        result.add(2);
        return true;
      });
      AsyncTask<Boolean> t3 = createTask(() -> {
        sem.acquire();
        assertThat(sem.locked()).isTrue();
        result.add(3);
        return true;
      });
      tick();
      assertThat(sem.value()).isEqualTo(2);
      assertThat(sem.toString()).endsWith("waiters=3]");
      tick();
      gather(t1, t2, t3, t4.get(0)).await();
      assertThat(result).containsExactly(1, 2, 3, 4);
    });
  }
}
