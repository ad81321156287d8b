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
final class AsyncBarrierTest {

  // CPython test_locks.py BarrierTests: test_barrier_parties
  @Test
  void constructor_lessThanOneParty_throwsClearError() {
    assertThatThrownBy(() -> new AsyncBarrier(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new AsyncBarrier(3).parties()).isEqualTo(3);
  }

  // CPython test_locks.py BarrierTests: test_filling_tasks_check_return_value — indices 0..n-1
  @Test
  void await_allPartiesArrive_returnIndicesAndReleaseTogether() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      List<AsyncTask<Integer>> ts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ts.add(createTask(barrier::await));
      }
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(2);
      assertThat(ts).noneMatch(AsyncTask::done);
      int mine = barrier.await();
      List<Integer> indices = new ArrayList<>();
      for (AsyncTask<Integer> t : ts) {
        indices.add(t.await());
      }
      indices.add(mine);
      assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(mine).isEqualTo(2);
      assertThat(barrier.nWaiting()).isZero();
      assertThat(barrier.broken()).isFalse();
    });
  }

  // CPython test_locks.py BarrierTests: test_filling_tasks_wait_twice — the barrier is reusable
  @Test
  void await_severalRounds_eachRoundCompletes() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(2);
      int[] rounds = {0};
      AsyncTask<Void> other = createTask(() -> {
        for (int r = 0; r < 3; r++) {
          barrier.await();
          rounds[0]++;
        }
      });
      for (int r = 0; r < 3; r++) {
        barrier.await();
      }
      other.await();
      assertThat(rounds[0]).isEqualTo(3);
    });
  }

  // CPython test_locks.py BarrierTests: test_draining_state — a task arriving while a round drains waits for the next
  @Test
  void await_arrivingWhileDraining_joinsNextRound() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(2);
      AsyncTask<Integer> a = createTask(barrier::await);
      tick();
      assertThat(barrier.await()).isEqualTo(1); // completes round 1; "a" has not left yet: draining
      assertThat(a.done()).isFalse();
      AsyncTask<Integer> d = createTask(barrier::await);
      int again = barrier.await(); // must not count in round 1: waits until "a" has left, then fills round 2
      assertThat(a.await()).isZero();
      // round 2 is main and "d", in whichever order they took the lock after "a" left
      assertThat(List.of(again, d.await())).containsExactlyInAnyOrder(0, 1);
    });
  }

  // CPython test_locks.py BarrierTests: test_abort_barrier / test_abort_barrier_when_exception_then_resetting
  @Test
  void abort_waitersAndLaterCallersGetBrokenError_resetRepairs() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      AsyncTask<Integer> t = createTask(barrier::await);
      tick();
      barrier.abort();
      assertThatThrownBy(t::await).isInstanceOf(BarrierBrokenException.class);
      assertThat(barrier.broken()).isTrue();
      assertThatThrownBy(barrier::await).isInstanceOf(BarrierBrokenException.class).hasMessageContaining("aborted");
      barrier.reset();
      assertThat(barrier.broken()).isFalse();
      AsyncTask<Integer> a = createTask(barrier::await);
      AsyncTask<Integer> b = createTask(barrier::await);
      assertThat(barrier.await() + a.await() + b.await()).isEqualTo(0 + 1 + 2);
    });
  }

  // CPython test_locks.py BarrierTests: test_reset_barrier_while_tasks_waiting
  @Test
  void reset_whileTasksWait_theyGetBrokenError_barrierUsableAfter() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      AsyncTask<Integer> a = createTask(barrier::await);
      AsyncTask<Integer> b = createTask(barrier::await);
      tick();
      barrier.reset();
      assertThatThrownBy(a::await).isInstanceOf(BarrierBrokenException.class).hasMessageContaining("reset");
      assertThatThrownBy(b::await).isInstanceOf(BarrierBrokenException.class);
      assertThat(barrier.broken()).isFalse();
      assertThat(barrier.nWaiting()).isZero();
      AsyncTask<Integer> c = createTask(barrier::await);
      AsyncTask<Integer> d = createTask(barrier::await);
      barrier.await();
      c.await();
      d.await();
      assertThat(barrier.toString()).contains("filling");
    });
  }

  // CPython test_locks.py BarrierTests: test_filling_tasks_cancel_one — a cancelled waiter leaves the round
  @Test
  void await_cancelled_leavesRound() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(2);
      AsyncTask<Integer> t = createTask(barrier::await);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(1);
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(barrier.nWaiting()).isZero();
      AsyncTask<Integer> u = createTask(barrier::await);
      tick();
      assertThat(barrier.await()).isEqualTo(1);
      assertThat(u.await()).isZero();
    });
  }
}
