package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.sync.SyncTesting.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncEventTest {

  // CPython test_locks.py EventTests: test_wait — set() wakes every waiter, in FIFO order
  @Test
  void set_wakesAllWaitersInOrder() {
    List<Integer> order = new ArrayList<>();
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      List<AsyncTask<Void>> tasks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int id = i;
        tasks.add(createTask(() -> {
          ev.await();
          order.add(id);
        }));
      }
      sleep(Duration.ZERO);
      assertThat(order).isEmpty();
      assertThat(ev.isSet()).isFalse();
      ev.set();
      for (AsyncTask<Void> t : tasks) {
        t.await();
      }
      assertThat(order).containsExactly(1, 2, 3);
      assertThat(ev.toString()).isEqualTo("AsyncEvent[set]");
    });
  }

  // CPython test_locks.py EventTests: test_wait_on_set
  @Test
  void await_whenSet_returnsAtOnce() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      ev.set();
      assertThat(ev.await()).isTrue();
    });
  }

  // CPython test_locks.py EventTests: test_clear_with_waiters — a woken waiter resumes even if cleared again
  @Test
  void clear_afterSet_wokenWaitersStillResume() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      AsyncTask<Boolean> t = createTask(ev::await);
      sleep(Duration.ZERO);
      ev.set();
      ev.clear();
      assertThat(ev.isSet()).isFalse();
      assertThat(t.await()).isTrue();
      AsyncTask<Boolean> later = createTask(ev::await);
      sleep(Duration.ofSeconds(1));
      assertThat(later.done()).isFalse();
      ev.set();
      assertThat(later.await()).isTrue();
    });
  }

  // CPython test_locks.py EventTests: test_wait_cancel
  @Test
  void await_cancelled_throwsCancelled_othersUnaffected() {
    run(config(), () -> {
      AsyncEvent ev = new AsyncEvent();
      AsyncTask<Boolean> a = createTask(ev::await);
      AsyncTask<Boolean> b = createTask(ev::await);
      sleep(Duration.ZERO);
      a.cancel();
      assertThatThrownBy(a::await).isInstanceOf(CancelledError.class);
      ev.set();
      assertThat(b.await()).isTrue();
    });
  }
}
