package dev.concurrency.async.queues;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AsyncQueueTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private static void tick() {
    sleep(Duration.ZERO);
  }

  // CPython test_queues.py QueueBasicTests: test_maxsize — put suspends while the queue is full
  @Test
  void put_fullQueue_suspendsUntilGet() {
    List<Integer> have = new ArrayList<>();
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(2);
      assertThat(q.maxsize()).isEqualTo(2);
      AsyncTask<Void> producer = createTask(() -> {
        for (int i = 0; i < 3; i++) {
          q.put(i);
          have.add(i);
        }
      });
      tick();
      assertThat(have).containsExactly(0, 1);
      assertThat(q.full()).isTrue();
      assertThat(q.get()).isZero();
      producer.await();
      assertThat(have).containsExactly(0, 1, 2);
      assertThat(q.qsize()).isEqualTo(2);
    });
  }

  // CPython test_queues.py QueueBasicTests: test_order / LifoQueueTests / PriorityQueueTests
  @Test
  void getNowait_eachKind_returnsItsOrder() {
    run(config(), () -> {
      List<AsyncQueue<Integer>> queues =
          List.of(new AsyncQueue<>(), new AsyncLifoQueue<>(0), new AsyncPriorityQueue<>(0),
              new AsyncPriorityQueue<>(0, Comparator.reverseOrder()));
      List<List<Integer>> out = new ArrayList<>();
      for (AsyncQueue<Integer> q : queues) {
        for (int i : new int[] {1, 3, 2}) {
          q.putNowait(i);
        }
        List<Integer> got = new ArrayList<>();
        while (!q.empty()) {
          got.add(q.getNowait());
        }
        out.add(got);
      }
      assertThat(out).containsExactly(List.of(1, 3, 2), List.of(2, 3, 1), List.of(1, 2, 3), List.of(3, 2, 1));
    });
  }

  // CPython test_queues.py QueueGetTests: test_blocking_get_wait — get suspends until an item arrives
  @Test
  void get_emptyQueue_suspendsUntilPut() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      AsyncTask<String> getter = createTask(q::get);
      sleep(Duration.ofSeconds(1));
      assertThat(getter.done()).isFalse();
      q.putNowait("x");
      assertThat(getter.await()).isEqualTo("x");
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    });
  }

  // CPython test_queues.py: QueueGetTests.test_nonblocking_get_exception, QueuePutTests.test_nonblocking_put_exception
  @Test
  void nowait_emptyOrFull_throwClearErrors() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      assertThatThrownBy(q::getNowait)
          .isInstanceOf(QueueEmptyException.class)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("empty queue");
      q.putNowait(1);
      assertThatThrownBy(() -> q.putNowait(2))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("maxsize 1");
    });
  }

  // A deliberate difference: asyncio queues take None
  @Test
  void put_null_refused() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("must not be null");
      assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("must not be null");
      assertThat(q.qsize()).isZero();
    });
  }

  // CPython test_queues.py QueueGetTests: test_get_with_putters — a get wakes the first suspended putter
  @Test
  void getNowait_withSuspendedPutters_wakesThemInFifoOrder() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      q.putNowait(0);
      AsyncTask<Void> p1 = createTask(() -> q.put(1));
      AsyncTask<Void> p2 = createTask(() -> q.put(2));
      tick();
      assertThat(q.getNowait()).isZero();
      p1.await();
      assertThat(p2.done()).isFalse();
      assertThat(q.get()).isEqualTo(1);
      p2.await();
      assertThat(q.get()).isEqualTo(2);
    });
  }

  // CPython test_queues.py QueueGetTests: test_get_cancelled_race — a woken getter that is cancelled passes on
  @Test
  void get_wokenThenCancelled_itemGoesToNextGetter() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      AsyncTask<String> g1 = createTask(q::get);
      AsyncTask<String> g2 = createTask(q::get);
      tick();
      q.putNowait("a"); // wakes g1
      g1.cancel(); // before it resumes
      assertThat(g2.await()).isEqualTo("a");
      assertThat(g1.cancelled()).isTrue();
      assertThat(q.toString()).doesNotContain("getters");
    });
  }

  // CPython test_queues.py QueuePutTests: test_put_cancelled_race
  @Test
  void put_wokenThenCancelled_slotGoesToNextPutter() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNowait("first");
      AsyncTask<Void> p1 = createTask(() -> q.put("p1"));
      AsyncTask<Void> p2 = createTask(() -> q.put("p2"));
      tick();
      assertThat(q.getNowait()).isEqualTo("first"); // wakes p1
      p1.cancel();
      p2.await();
      assertThat(p1.cancelled()).isTrue();
      assertThat(q.getNowait()).isEqualTo("p2");
      assertThat(q.empty()).isTrue();
    });
  }

  // CPython test_queues.py QueueGetTests: test_cancelled_getters_not_being_held_in_self_getters
  @Test
  void get_cancelled_leavesNoWaiterBehind() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      AsyncTask<Integer> g = createTask(q::get);
      tick();
      g.cancel();
      assertThatThrownBy(g::await).isInstanceOf(CancelledError.class);
      assertThat(q.toString()).doesNotContain("getters");
      q.putNowait(7);
      assertThat(q.getNowait()).isEqualTo(7);
    });
  }

  // CPython test_queues.py _QueueJoinTestMixin: test_task_done / test_join_empty_queue / test_task_done_underflow
  @Test
  void join_waitsForEveryTaskDone_underflowIsError() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      q.join(); // nothing unfinished: returns at once
      assertThatThrownBy(q::taskDone)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("more times than items were put");
      int[] sum = {0};
      List<AsyncTask<Void>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        workers.add(createTask(() -> {
          for (;;) {
            int item = q.get();
            sleep(Duration.ofMillis(10));
            sum[0] += item;
            q.taskDone();
          }
        }));
      }
      for (int i = 1; i <= 100; i++) {
        q.putNowait(i);
      }
      assertThat(q.unfinishedTasks()).isEqualTo(100);
      q.join();
      assertThat(sum[0]).isEqualTo(5050);
      for (AsyncTask<Void> w : workers) {
        w.cancel();
      }
      gather(workers, /* returnExceptions= */ true).await();
    });
  }

  // CPython test_queues.py _QueueShutdownTestMixin: test_shutdown_empty / test_shutdown_nonempty (graceful)
  @Test
  void shutdownGraceful_putsFail_getsDrainThenFail() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(2);
      q.putNowait(1);
      q.putNowait(2);
      AsyncTask<Void> putter = createTask(() -> q.put(3));
      tick();
      q.shutdown(/* immediate= */ false);
      assertThat(q.isShutDown()).isTrue();
      assertThatThrownBy(putter::await).isInstanceOf(QueueShutDownException.class).hasMessageContaining("put()");
      assertThatThrownBy(() -> q.putNowait(4)).isInstanceOf(QueueShutDownException.class);
      assertThat(q.get()).isEqualTo(1);
      assertThat(q.getNowait()).isEqualTo(2);
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class).hasMessageContaining("empty");
      assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
    });
  }

  // CPython test_queues.py _QueueShutdownTestMixin: test_shutdown_immediate / test_shutdown_immediate_with_unfinished
  @Test
  void shutdownImmediate_discardsItems_wakesGettersAndJoin() {
    run(config(), () -> {
      AsyncQueue<Integer> empty = new AsyncQueue<>();
      AsyncTask<Integer> getter = createTask(empty::get);
      AsyncQueue<Integer> q = new AsyncQueue<>();
      q.putNowait(1);
      q.putNowait(2);
      assertThat(q.getNowait()).isEqualTo(1); // taken, not yet done
      AsyncTask<Void> joiner = createTask(q::join);
      tick();
      empty.shutdown(/* immediate= */ true);
      assertThatThrownBy(getter::await).isInstanceOf(QueueShutDownException.class);
      q.shutdown(/* immediate= */ true);
      assertThat(q.empty()).isTrue();
      assertThat(q.unfinishedTasks()).isEqualTo(1); // item 1 is still being processed
      tick();
      assertThat(joiner.done()).isFalse();
      q.taskDone();
      joiner.await();
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
    });
  }

  @Test
  void put_fullQueueOutsideTask_throwsClearError() {
    AsyncQueue<Integer> q = new AsyncQueue<>(1);
    q.putNowait(1);
    assertThatThrownBy(() -> q.put(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("putNowait");
  }

  // CPython test_queues.py QueueGetTests: test_why_are_getters_waiting — producer/consumer, every item once
  @Test
  void producerConsumer_boundedQueue_everyItemArrivesInOrder() {
    List<Integer> got = new ArrayList<>();
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(3);
      AsyncTask<Void> consumer = createTask(() -> {
        for (int i = 0; i < 1000; i++) {
          got.add(q.get());
        }
      });
      for (int i = 0; i < 1000; i++) {
        q.put(i);
      }
      consumer.await();
    });
    assertThat(got).hasSize(1000);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).isEqualTo(i);
    }
  }
}
