package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.waitUntil;
import static dev.concurrency.async.sync.SyncTesting.config;
import static dev.concurrency.async.sync.SyncTesting.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.Coroutine;
import dev.concurrency.async.ReturnWhen;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_locks.py} {@code BarrierTests}, on the virtual clock. {@code async with
 * barrier as i} and {@code await barrier.wait()} are both {@link AsyncBarrier#await()} (the context manager only
 * waits); {@code BrokenBarrierError} is {@link BarrierBrokenException}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class BarrierConformanceTest {

  private static final int N = 5;

  /** Upstream's {@code make_tasks}. */
  private static <T> List<AsyncTask<T>> makeTasks(int n, Coroutine<T> coro) {
    List<AsyncTask<T>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(createTask(coro));
    }
    return tasks;
  }

  /** Upstream's {@code gather_tasks}: the results of {@code n} tasks running {@code coro}. */
  private static List<Object> gatherTasks(int n, Coroutine<?> coro) {
    List<AsyncTask<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(createTask(coro::call));
    }
    return new ArrayList<>(gather(tasks, /* returnExceptions= */ false).await());
  }

  /** Upstream's closing checks: nobody waits, and the barrier is (or is not) broken. */
  private static void assertEmpty(AsyncBarrier barrier, boolean broken) {
    assertThat(barrier.nWaiting()).isZero();
    assertThat(barrier.broken()).isEqualTo(broken);
  }

  // CPython: test_locks.py BarrierTests.test_repr
  @Test
  void repr_followsTheStates() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      assertThat(barrier.toString()).isEqualTo("AsyncBarrier[filling, waiters=0/5]");
      List<AsyncTask<Integer>> waiters = new ArrayList<>(makeTasks(2, barrier::await));
      tick();
      assertThat(barrier.toString()).isEqualTo("AsyncBarrier[filling, waiters=2/5]");
      waiters.addAll(makeTasks(barrier.parties() - barrier.nWaiting(), barrier::await));
      tick();
      assertThat(barrier.toString()).isEqualTo("AsyncBarrier[draining, waiters=0/5]");
      waiters.addAll(makeTasks(2, barrier::await));
      tick();
      barrier.reset();
      assertThat(barrier.toString()).startsWith("AsyncBarrier[resetting");
      waiters.addAll(makeTasks(2, barrier::await));
      tick();
      barrier.abort();
      assertThat(barrier.toString()).isEqualTo("AsyncBarrier[broken]");
      assertThat(barrier.broken()).isTrue();
      gather(waiters, /* returnExceptions= */ true).await(); // suppress the broken-barrier errors
    });
  }

  // CPython: test_locks.py BarrierTests.test_barrier_parties
  @Test
  void barrierParties_lessThanOne_failsClearly() {
    assertThatThrownBy(() -> new AsyncBarrier(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new AsyncBarrier(-4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new AsyncBarrier(N)).isInstanceOf(AsyncBarrier.class);
  }

  // CPython: test_locks.py BarrierTests.test_context_manager — each party gets its own index
  @Test
  void contextManager_eachPartyGetsADistinctIndex() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      List<Integer> results = new ArrayList<>();
      gatherTasks(3, () -> results.add(barrier.await()));
      Collections.sort(results);
      assertThat(results).containsExactly(0, 1, 2);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_one_task
  @Test
  void fillingOneTask_passesAtOnce() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(1);
      assertThat(barrier.await()).isZero();
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_one_task_twice
  @Test
  void fillingOneTaskTwice_eachRoundPasses() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(1);
      AsyncTask<Integer> t1 = createTask(barrier::await);
      tick();
      assertThat(barrier.nWaiting()).isZero();
      AsyncTask<Integer> t2 = createTask(barrier::await);
      tick();
      assertThat(t1.result()).isEqualTo(t2.result());
      assertThat(t1.done()).isEqualTo(t2.done());
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_task_by_task
  @Test
  void fillingTaskByTask_countsUpThenPasses() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      AsyncTask<Integer> t1 = createTask(barrier::await);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(1);
      assertThat(barrier.toString()).contains("filling");
      AsyncTask<Integer> t2 = createTask(barrier::await);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(2);
      assertThat(barrier.toString()).contains("filling");
      AsyncTask<Integer> t3 = createTask(barrier::await);
      tick();
      waitUntil(List.<AsyncFuture<Integer>>of(t1, t2, t3), ReturnWhen.ALL_COMPLETED, null);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_tasks_wait_twice
  @Test
  void fillingTasksWaitTwice_twoRounds() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results = new ArrayList<>();
      gatherTasks(N, () -> {
        barrier.await();
        results.add(true);
        barrier.await();
        return results.add(false);
      });
      assertThat(results).hasSize(N * 2);
      assertThat(Collections.frequency(results, true)).isEqualTo(N);
      assertThat(Collections.frequency(results, false)).isEqualTo(N);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_tasks_check_return_value
  @Test
  void fillingTasksCheckReturnValue_indicesOfTheSecondRound() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      List<Object> res = gatherTasks(N, () -> {
        barrier.await();
        results1.add(true);
        int i = barrier.await();
        results2.add(true);
        return i;
      });
      assertThat(results1).hasSize(N).containsOnly(true);
      assertThat(results2).hasSize(N).containsOnly(true);
      assertThat(res).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_draining_state — every party but the last to leave sees "draining"
  @Test
  void drainingState_lastToLeaveSeesFilling() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results = new ArrayList<>();
      gatherTasks(N, () -> {
        barrier.await();
        return results.add(barrier.toString().contains("draining"));
      });
      assertThat(results).hasSize(N);
      assertThat(results.get(N - 1)).isFalse();
      assertThat(results.subList(0, N - 1)).containsOnly(true);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_blocking_tasks_while_draining — tasks arriving during draining wait
  // for the next round
  @Test
  void blockingTasksWhileDraining_lateArrivalsWaitForTheNextRound() {
    run(config(), () -> {
      int rewait = 2;
      AsyncBarrier barrier = new AsyncBarrier(N);
      AsyncBarrier barrierNoWaiting = new AsyncBarrier(N - rewait);
      int[] rewaitN = {rewait};
      gatherTasks(N, () -> {
        barrier.await();
        if (rewaitN[0] > 0) {
          rewaitN[0]--;
          barrier.await(); // wait again, only the rewait tasks
        } else {
          barrierNoWaiting.await(); // wait for the end of the draining state
          barrier.await(); // then for the other waiting tasks
        }
        return null;
      });
    });
  }

  // CPython: test_locks.py BarrierTests.test_filling_tasks_cancel_one — a cancelled waiter leaves the round
  @Test
  void fillingTasksCancelOne_cancelledWaiterLeavesTheRound() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(3);
      List<Boolean> results = new ArrayList<>();
      Coroutine<Boolean> coro = () -> {
        barrier.await();
        return results.add(true);
      };
      AsyncTask<Boolean> t1 = createTask(coro);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(1);
      AsyncTask<Boolean> t2 = createTask(coro);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(2);
      t1.cancel();
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(1);
      assertThatThrownBy(t1::await).isInstanceOf(CancelledError.class);
      assertThat(t1.cancelled()).isTrue();
      AsyncTask<Boolean> t3 = createTask(coro);
      tick();
      assertThat(barrier.nWaiting()).isEqualTo(2);
      AsyncTask<Boolean> t4 = createTask(coro);
      gather(t2, t3, t4).await();
      assertThat(results).hasSize(3).containsOnly(true);
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier
  @Test
  void resetBarrier_emptyBarrierStaysUsable() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(1);
      createTask(barrier::reset);
      tick();
      assertEmpty(barrier, /* broken= */ false);
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting
  @Test
  void resetBarrierWhileTasksWaiting_theyGetBrokenBarrier() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results = new ArrayList<>();
      List<AsyncTask<Boolean>> tasks = makeTasks(N - 1, () -> {
        try {
          barrier.await();
        } catch (BarrierBrokenException e) {
          results.add(true);
        }
        return true;
      });
      tick();
      createTask(barrier::reset);
      gather(tasks, false).await();
      assertThat(results).hasSize(N - 1).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
      assertThat(barrier.toString()).doesNotContain("resetting");
      assertThat(barrier.broken()).isFalse();
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining — a party that has left
  // resets while others are still draining: those get BarrierBrokenException (upstream reads barrier._count: the
  // parties still inside are N minus those that left)
  @Test
  void resetBarrierWhenTasksHalfDraining_stillDrainingTasksBreak() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      int restOfTasks = N / 2;
      int[] left = {0};
      gatherTasks(N, () -> {
        try {
          barrier.await();
        } catch (BarrierBrokenException e) {
          results1.add(true); // the tasks still waiting to drain are caught here
          return null;
        }
        left[0]++;
        if (restOfTasks == N - left[0]) { // tasks outside the barrier
          barrier.reset();
        }
        return null;
      });
      assertThat(results1).hasSize(restOfTasks).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
      assertThat(barrier.toString()).doesNotContain("resetting");
      assertThat(barrier.broken()).isFalse();
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking
  @Test
  void resetBarrierWhenTasksHalfDrainingHalfBlocking_blockedTasksBreakAndWaitAgain() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      int blockingTasks = N / 2;
      int[] count = {0};
      gatherTasks(N, () -> {
        try {
          barrier.await();
        } catch (BarrierBrokenException e) {
          results1.add(true); // the still waiting tasks
          barrier.await(); // wait again to reach the parties
          return null;
        }
        count[0]++;
        if (count[0] > blockingTasks) {
          barrier.reset(); // BarrierBrokenException for the waiting tasks
          barrier.await();
        } else {
          try {
            barrier.await();
          } catch (BarrierBrokenException e) {
            results2.add(true); // not here: blocked tasks go on waiting
          }
        }
        return null;
      });
      assertThat(results1).hasSize(blockingTasks).containsOnly(true);
      assertThat(results2).isEmpty();
      assertThat(barrier.nWaiting()).isZero();
      assertThat(barrier.toString()).doesNotContain("resetting");
      assertThat(barrier.broken()).isFalse();
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again
  @Test
  void resetBarrierWhileTasksWaitingAndWaitingAgain_secondRoundCompletes() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      List<AsyncTask<Boolean>> tasks = makeTasks(N - 1, () -> {
        try {
          barrier.await();
        } catch (BarrierBrokenException e) {
          results1.add(true);
        } finally {
          barrier.await();
          results2.add(true);
        }
        return true;
      });
      createTask(barrier::reset); // the N-1 waiting tasks get BarrierBrokenException
      tick();
      createTask(() -> { // completes the waiting tasks in their finally
        barrier.await();
        return results2.add(true);
      });
      gather(tasks, false).await();
      assertThat(barrier.broken()).isFalse();
      assertThat(results1).hasSize(N - 1).containsOnly(true);
      assertThat(results2).hasSize(N).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
    });
  }

  // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining — the last task out resets: the
  // others, already waiting for the second round, are not broken
  @Test
  void resetBarrierWhileTasksDraining_secondRoundNotBroken() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      List<Boolean> results3 = new ArrayList<>();
      int[] count = {0};
      gatherTasks(N, () -> {
        barrier.await();
        count[0]++;
        if (count[0] == N) {
          barrier.reset(); // last task out of the barrier
          barrier.await(); // wait here to reach the parties
        } else {
          try {
            barrier.await(); // second waiting
            results1.add(true); // N-1 tasks here
          } catch (RuntimeException e) {
            results2.add(true); // never here
          }
        }
        barrier.await(); // pass the barrier again: must complete
        return results3.add(true);
      });
      assertThat(barrier.broken()).isFalse();
      assertThat(results1).hasSize(N - 1).containsOnly(true);
      assertThat(results2).isEmpty();
      assertThat(results3).hasSize(N).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
    });
  }

  // CPython: test_locks.py BarrierTests.test_abort_barrier
  @Test
  void abortBarrier_breaksIt() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(1);
      createTask(barrier::abort);
      tick();
      assertEmpty(barrier, /* broken= */ true);
    });
  }

  // CPython: test_locks.py BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking
  @Test
  void abortBarrierWhenTasksHalfDrainingHalfBlocking_everyoneBroken() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      int blockingTasks = N / 2;
      int[] count = {0};
      gatherTasks(N, () -> {
        try {
          barrier.await();
        } catch (BarrierBrokenException e) {
          results1.add(true); // tasks waiting to drain
          return null;
        }
        count[0]++;
        if (count[0] > blockingTasks) {
          barrier.abort(); // BarrierBrokenException for every task
        } else {
          try {
            barrier.await();
          } catch (BarrierBrokenException e) {
            results2.add(true); // blocked tasks, already drained
          }
        }
        return null;
      });
      assertThat(barrier.broken()).isTrue();
      assertThat(results1).hasSize(blockingTasks).containsOnly(true);
      assertThat(results2).hasSize(N - blockingTasks - 1).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
      assertThat(barrier.toString()).doesNotContain("resetting");
    });
  }

  // CPython: test_locks.py BarrierTests.test_abort_barrier_when_exception (threading's lock_tests.test_reset)
  @Test
  void abortBarrierWhenException_othersGetBrokenBarrier() {
    run(config(), () -> {
      AsyncBarrier barrier = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      gatherTasks(N, () -> {
        try {
          int i = barrier.await();
          if (i == N / 2) {
            throw new IllegalStateException("RuntimeError");
          }
          barrier.await();
          results1.add(true);
        } catch (BarrierBrokenException e) {
          results2.add(true);
        } catch (IllegalStateException e) {
          barrier.abort();
        }
        return null;
      });
      assertThat(barrier.broken()).isTrue();
      assertThat(results1).isEmpty();
      assertThat(results2).hasSize(N - 1).containsOnly(true);
      assertThat(barrier.nWaiting()).isZero();
    });
  }

  // CPython: test_locks.py BarrierTests.test_abort_barrier_when_exception_then_resetting (lock_tests'
  // test_abort_and_reset)
  @Test
  void abortBarrierWhenExceptionThenResetting_usableAgainAfterReset() {
    run(config(), () -> {
      AsyncBarrier barrier1 = new AsyncBarrier(N);
      AsyncBarrier barrier2 = new AsyncBarrier(N);
      List<Boolean> results1 = new ArrayList<>();
      List<Boolean> results2 = new ArrayList<>();
      List<Boolean> results3 = new ArrayList<>();
      gatherTasks(N, () -> {
        try {
          int i = barrier1.await();
          if (i == N / 2) {
            throw new IllegalStateException("RuntimeError");
          }
          barrier1.await();
          results1.add(true);
        } catch (BarrierBrokenException e) {
          results2.add(true);
        } catch (IllegalStateException e) {
          barrier1.abort();
        }
        // Synchronize and reset the barrier: everyone has left it before the reset, nobody enters before it.
        int i = barrier2.await();
        if (i == N / 2) {
          barrier1.reset();
        }
        barrier2.await();
        barrier1.await();
        return results3.add(true);
      });
      assertThat(barrier1.broken()).isFalse();
      assertThat(results1).isEmpty();
      assertThat(results2).hasSize(N - 1).containsOnly(true);
      assertThat(results3).hasSize(N).containsOnly(true);
      assertThat(barrier1.nWaiting()).isZero();
    });
  }
}
