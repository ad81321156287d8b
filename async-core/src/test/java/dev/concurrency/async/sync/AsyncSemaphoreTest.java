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
final class AsyncSemaphoreTest {

  // CPython test_locks.py SemaphoreTests: test_initial_value_zero / test_semaphore_value
  @Test
  void constructor_negativeValue_throwsClearError() {
    assertThatThrownBy(() -> new AsyncSemaphore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0");
    AsyncSemaphore zero = new AsyncSemaphore(0);
    assertThat(zero.locked()).isTrue();
    assertThat(new AsyncSemaphore().value()).isEqualTo(1);
  }

  // CPython test_locks.py SemaphoreTests: test_acquire — permits go to waiters in FIFO order
  @Test
  void acquire_morePermitsThanFree_waitersServedFifo() {
    List<Integer> order = new ArrayList<>();
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(2);
      List<AsyncTask<Void>> tasks = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        int id = i;
        tasks.add(createTask(() -> {
          sem.acquire();
          order.add(id);
        }));
      }
      tick();
      assertThat(order).containsExactly(1, 2);
      assertThat(sem.value()).isZero();
      assertThat(sem.locked()).isTrue();
      sem.release();
      sem.release();
      for (AsyncTask<Void> t : tasks) {
        t.await();
      }
      assertThat(order).containsExactly(1, 2, 3, 4);
      assertThat(sem.value()).isZero();
    });
  }

  // CPython test_locks.py SemaphoreTests: test_acquire_cancel
  @Test
  void acquire_cancelledWhileQueued_throwsAndKeepsValue() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      AsyncTask<Boolean> t = createTask(sem::acquire);
      tick();
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(sem.value()).isZero();
      assertThat(sem.locked()).isTrue();
    });
  }

  // CPython test_locks.py SemaphoreTests: test_acquire_cancel_before_awoken / test_acquire_hang (gh-90155)
  @Test
  void acquire_wokenThenCancelled_permitGoesToNextWaiter() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      AsyncTask<Boolean> t1 = createTask(sem::acquire);
      AsyncTask<Boolean> t2 = createTask(sem::acquire);
      tick();
      sem.release(); // hands the permit to t1
      t1.cancel(); // t1 never uses it
      t2.await();
      assertThat(t1.cancelled()).isTrue();
      assertThat(sem.value()).isZero();
      assertThat(sem.locked()).isTrue();
    });
  }

  // CPython test_locks.py SemaphoreTests: test_acquire_no_hang — cancel all waiters, the semaphore still works
  @Test
  void acquire_allWaitersCancelled_semaphoreUsableAgain() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(1);
      sem.acquire();
      AsyncTask<Boolean> t1 = createTask(sem::acquire);
      AsyncTask<Boolean> t2 = createTask(sem::acquire);
      tick();
      sem.release();
      t1.cancel();
      t2.cancel();
      tick();
      tick();
      assertThat(t1.cancelled() && t2.cancelled()).isTrue();
      assertThat(sem.value()).isEqualTo(1);
      assertThat(sem.locked()).isFalse();
      assertThat(sem.acquire()).isTrue();
    });
  }

  // CPython test_locks.py SemaphoreTests: test_release_no_waiters / test_context_manager
  @Test
  void tryWithResources_releasesPermit() {
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(2);
      sem.acquire();
      try (sem) {
        assertThat(sem.value()).isEqualTo(1);
      }
      assertThat(sem.value()).isEqualTo(2);
      sem.release(); // unbounded: may go past the initial value
      assertThat(sem.value()).isEqualTo(3);
    });
  }

  // CPython test_locks.py SemaphoreTests: test_release_not_acquired (a BoundedSemaphore)
  @Test
  void boundedRelease_pastInitialValue_throwsClearError() {
    run(config(), () -> {
      AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
      assertThat(sem.bound()).isEqualTo(2);
      sem.acquire();
      sem.release();
      assertThatThrownBy(sem::release)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("released too many times");
      assertThat(sem.value()).isEqualTo(2);
      assertThat(sem.toString()).isEqualTo("AsyncBoundedSemaphore[unlocked, value=2]");
    });
  }

  // CPython test_locks.py SemaphoreTests: test_acquire_fifo_order_3 — a newcomer cannot overtake a woken waiter
  @Test
  void acquire_newcomerWhileWokenWaiterPending_queuesBehind() {
    List<String> order = new ArrayList<>();
    run(config(), () -> {
      AsyncSemaphore sem = new AsyncSemaphore(0);
      AsyncTask<Void> first = createTask(() -> { sem.acquire(); order.add("first"); });
      tick();
      sem.release(); // permit handed to "first", which has not resumed yet
      AsyncTask<Void> late = createTask(() -> { sem.acquire(); order.add("late"); });
      tick();
      tick();
      assertThat(order).containsExactly("first");
      assertThat(late.done()).isFalse();
      sem.release();
      late.await();
      first.await();
      assertThat(order).containsExactly("first", "late");
    });
  }
}
