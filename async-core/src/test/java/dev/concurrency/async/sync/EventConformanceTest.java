package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
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

/** Ports of CPython 3.14's {@code test_locks.py} {@code EventTests}, on the virtual clock. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class EventConformanceTest {

  // CPython: test_locks.py EventTests.test_repr
  @Test
  void repr_showsSetOrUnsetAndWaiters() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      assertThat(ev.toString()).isEqualTo("AsyncEvent[unset]");
      createTask(ev::await);
      tick();
      assertThat(ev.toString()).isEqualTo("AsyncEvent[unset, waiters=1]");
      ev.set();
      assertThat(ev.toString()).isEqualTo("AsyncEvent[set, waiters=1]"); // woken, not resumed yet
      tick();
      assertThat(ev.toString()).isEqualTo("AsyncEvent[set]");
    });
  }

  private static AsyncTask<Void> awaitAndRecord(AsyncEvent ev, List<Integer> result, int n) {
    return createTask(() -> {
      if (ev.await()) {
        result.add(n);
      }
    });
  }

  // CPython: test_locks.py EventTests.test_wait — a task that starts waiting after set() passes at once, before
  // the woken ones resume
  @Test
  void waitAll_setWakesEveryWaiter_aLateTaskPassesFirst() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      assertThat(ev.isSet()).isFalse();
      List<Integer> result = new ArrayList<>();
      AsyncTask<Void> t1 = awaitAndRecord(ev, result, 1);
      AsyncTask<Void> t2 = awaitAndRecord(ev, result, 2);
      tick();
      assertThat(result).isEmpty();
      AsyncTask<Void> t3 = awaitAndRecord(ev, result, 3);
      ev.set();
      tick();
      assertThat(result).containsExactly(3, 1, 2);
      for (AsyncTask<Void> t : List.of(t1, t2, t3)) {
        assertThat(t.done()).isTrue();
        assertThat(t.result()).isNull();
      }
    });
  }

  // CPython: test_locks.py EventTests.test_wait_on_set
  @Test
  void waitOnSet_returnsTrueAtOnce() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      ev.set();
      assertThat(ev.await()).isTrue();
    });
  }

  // CPython: test_locks.py EventTests.test_wait_cancel
  @Test
  void waitCancel_cancelledWaiterLeavesNoWaiter() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      AsyncTask<Boolean> wait = createTask(ev::await);
      getRunningLoop().callSoon(wait::cancel);
      assertThatThrownBy(wait::await).isInstanceOf(CancelledError.class);
      assertThat(ev.toString()).isEqualTo("AsyncEvent[unset]");
    });
  }

  // CPython: test_locks.py EventTests.test_clear
  @Test
  void clear_lowersTheFlag() {
    AsyncEvent ev = new AsyncEvent();
    assertThat(ev.isSet()).isFalse();
    ev.set();
    assertThat(ev.isSet()).isTrue();
    ev.clear();
    assertThat(ev.isSet()).isFalse();
  }

  // CPython: test_locks.py EventTests.test_clear_with_waiters — a woken waiter resumes even if the flag is cleared
  // and set again meanwhile, and is woken once
  @Test
  void clearWithWaiters_wokenWaiterStillResumes_once() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      List<Integer> result = new ArrayList<>();
      AsyncTask<Boolean> t = createTask(() -> {
        if (ev.await()) {
          result.add(1);
        }
        return true;
      });
      tick();
      assertThat(result).isEmpty();
      ev.set();
      ev.clear();
      assertThat(ev.isSet()).isFalse();
      ev.set();
      ev.set();
      assertThat(ev.toString()).endsWith("waiters=1]");
      tick();
      assertThat(result).containsExactly(1);
      assertThat(ev.toString()).isEqualTo("AsyncEvent[set]");
      assertThat(t.done()).isTrue();
      assertThat(t.result()).isTrue();
    });
  }
}
