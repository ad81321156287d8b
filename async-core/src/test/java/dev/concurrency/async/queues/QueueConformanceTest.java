package dev.concurrency.async.queues;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;
import static dev.concurrency.async.AsyncIO.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.async.sync.AsyncEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_queues.py} {@code QueueBasicTests}, {@code QueueGetTests}, {@code
 * QueuePutTests}, {@code LifoQueueTests} and {@code PriorityQueueTests}, on the virtual clock. Upstream looks at
 * {@code q._getters} and {@code q._putters}; here their counts show in {@code toString()}, as in asyncio's {@code
 * str(q)}. {@code QueueEmpty}/{@code QueueFull} are {@link QueueEmptyException}/{@link QueueFullException}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class QueueConformanceTest {

  private static EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  private static void tick() {
    sleep(Duration.ZERO);
  }

  // CPython: test_queues.py QueueBasicTests.test_repr, QueueBasicTests.test_str — getters, putters and items show
  // (Java's toString has no identity to show or hide)
  @Test
  void toString_showsGettersPuttersAndItems() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      assertThat(q.toString()).startsWith("AsyncQueue[");
      AsyncTask<Integer>[] getter = newIntTaskArray();
      taskGroup(tg -> {
        getter[0] = tg.createTask(q::get);
        tick();
        assertThat(q.toString()).contains("getters=1");
        q.putNowait(0);
      });
      assertThat(getter[0].await()).isZero();

      AsyncQueue<Integer> bounded = new AsyncQueue<>(1);
      AsyncTask<?>[] putter = new AsyncTask<?>[1];
      taskGroup(tg -> {
        bounded.putNowait(1);
        putter[0] = tg.createTask(() -> bounded.put(2));
        tick();
        assertThat(bounded.toString()).contains("putters=1");
        bounded.getNowait();
      });
      assertThat(putter[0].done()).isTrue();

      AsyncQueue<Integer> one = new AsyncQueue<>();
      one.putNowait(1);
      assertThat(one.toString()).contains("items=[1]");
    });
  }

  @SuppressWarnings("unchecked")
  private static AsyncTask<Integer>[] newIntTaskArray() {
    return (AsyncTask<Integer>[]) new AsyncTask<?>[1];
  }

  // CPython: test_queues.py QueueBasicTests.test_empty
  @Test
  void empty_tracksTheItems() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      assertThat(q.empty()).isTrue();
      q.put(1);
      assertThat(q.empty()).isFalse();
      assertThat(q.get()).isEqualTo(1);
      assertThat(q.empty()).isTrue();
    });
  }

  // CPython: test_queues.py QueueBasicTests.test_full
  @Test
  void full_onlyWhenBoundedAndAtTheBound() {
    run(config(), () -> {
      assertThat(new AsyncQueue<Integer>().full()).isFalse();
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      q.put(1);
      assertThat(q.full()).isTrue();
    });
  }

  /** Upstream's test_order of each queue kind: put 1, 3, 2, then get three times. */
  private static List<Integer> putOneThreeTwoGetAll(AsyncQueue<Integer> q) {
    for (int i : List.of(1, 3, 2)) {
      q.put(i);
    }
    List<Integer> items = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      items.add(q.get());
    }
    return items;
  }

  // CPython: test_queues.py QueueBasicTests.test_order
  @Test
  void order_fifo() {
    run(config(), () -> assertThat(putOneThreeTwoGetAll(new AsyncQueue<>())).containsExactly(1, 3, 2));
  }

  // CPython: test_queues.py LifoQueueTests.test_order
  @Test
  void order_lifo() {
    run(config(), () -> assertThat(putOneThreeTwoGetAll(new AsyncLifoQueue<>(0))).containsExactly(2, 3, 1));
  }

  // CPython: test_queues.py PriorityQueueTests.test_order
  @Test
  void order_priority() {
    run(config(), () -> assertThat(putOneThreeTwoGetAll(new AsyncPriorityQueue<>(0))).containsExactly(1, 2, 3));
  }

  // CPython: test_queues.py QueueBasicTests.test_maxsize — the putter suspends at the bound
  @Test
  void maxsize_putterSuspendsAtTheBound() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(2);
      assertThat(q.maxsize()).isEqualTo(2);
      List<Integer> haveBeenPut = new ArrayList<>();
      AsyncTask<Boolean> t = createTask(() -> {
        for (int i = 0; i < 3; i++) {
          q.put(i);
          haveBeenPut.add(i);
        }
        return true;
      });
      tick();
      tick();
      assertThat(haveBeenPut).containsExactly(0, 1); // blocked after two items
      assertThat(q.get()).isZero();
      tick(); // the putter resumes and puts the last item
      assertThat(haveBeenPut).containsExactly(0, 1, 2);
      assertThat(q.get()).isEqualTo(1);
      assertThat(q.get()).isEqualTo(2);
      assertThat(t.done()).isTrue();
      assertThat(t.result()).isTrue();
    });
  }

  // CPython: test_queues.py QueueGetTests.test_blocking_get
  @Test
  void blockingGet_itemThere_returnsIt() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      q.putNowait(1);
      assertThat(q.get()).isEqualTo(1);
    });
  }

  // CPython: test_queues.py QueueGetTests.test_get_with_putters — a get wakes a suspended putter
  @Test
  void getWithPutters_getWakesTheSuspendedPutter() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      q.put(1);
      AsyncTask<Void> putter = createTask(() -> q.put(2));
      tick();
      assertThat(q.toString()).contains("putters=1");
      assertThat(q.get()).isEqualTo(1);
      assertThat(q.toString()).doesNotContain("putters"); // woken: taken off the queue of putters
      putter.await();
      assertThat(q.getNowait()).isEqualTo(2);
    });
  }

  // CPython: test_queues.py QueueGetTests.test_blocking_get_wait
  @Test
  void blockingGetWait_suspendsUntilAnItemArrives() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      AsyncEvent started = new AsyncEvent();
      boolean[] finished = {false};
      AsyncTask<Integer> queueGet = createTask(() -> {
        started.set();
        int res = q.get();
        finished[0] = true;
        return res;
      });
      started.await();
      assertThat(finished[0]).isFalse();
      getRunningLoop().callLater(Duration.ofMillis(10), () -> q.putNowait(1));
      int res = queueGet.await();
      assertThat(finished[0]).isTrue();
      assertThat(res).isEqualTo(1);
    });
  }

  // CPython: test_queues.py QueueGetTests.test_nonblocking_get
  @Test
  void nonblockingGet_returnsTheItem() {
    AsyncQueue<Integer> q = new AsyncQueue<>();
    q.putNowait(1);
    assertThat(q.getNowait()).isEqualTo(1);
  }

  // CPython: test_queues.py QueueGetTests.test_nonblocking_get_exception
  @Test
  void nonblockingGetException_emptyQueue() {
    assertThatThrownBy(() -> new AsyncQueue<Integer>().getNowait()).isInstanceOf(QueueEmptyException.class);
  }

  // CPython: test_queues.py QueueGetTests.test_get_cancelled_race — a cancelled getter does not take the item
  @Test
  void getCancelledRace_cancelledGetterSkipped() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      AsyncTask<String> t1 = createTask(q::get);
      AsyncTask<String> t2 = createTask(q::get);
      tick();
      t1.cancel();
      tick();
      assertThat(t1.done()).isTrue();
      q.put("a");
      tick();
      assertThat(t2.await()).isEqualTo("a");
    });
  }

  // CPython: test_queues.py QueueGetTests.test_get_with_waiting_putters
  @Test
  void getWithWaitingPutters_itemsInPutOrder() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      createTask(() -> q.put("a"));
      createTask(() -> q.put("b"));
      assertThat(q.get()).isEqualTo("a");
      assertThat(q.get()).isEqualTo("b");
    });
  }

  // CPython: test_queues.py QueueGetTests.test_why_are_getters_waiting
  @Test
  void whyAreGettersWaiting_producerAndConsumerFinish() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      int items = 5;
      taskGroup(tg -> {
        tg.createTask(() -> {
          for (int i = 0; i < items; i++) {
            q.put(i);
          }
        });
        tg.createTask(() -> {
          for (int i = 0; i < items; i++) {
            q.get();
          }
        });
      });
      assertThat(q.empty()).isTrue();
    });
  }

  // CPython: test_queues.py QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
  @Test
  void cancelledGettersNotBeingHeldInSelfGetters_timedOutGetLeavesNoGetter() {
    run(config(), () -> {
      AsyncQueue<Integer> queue = new AsyncQueue<>(5);
      assertThatThrownBy(() -> waitFor(queue::get, Duration.ofMillis(100)))
          .isInstanceOf(AsyncTimeoutException.class);
      assertThat(queue.toString()).doesNotContain("getters");
    });
  }

  // CPython: test_queues.py QueuePutTests.test_blocking_put
  @Test
  void blockingPut_unboundedNeverWaits() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      q.put(1);
      assertThat(q.get()).isEqualTo(1);
    });
  }

  // CPython: test_queues.py QueuePutTests.test_blocking_put_wait
  @Test
  void blockingPutWait_suspendsUntilThereIsRoom() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      AsyncEvent started = new AsyncEvent();
      boolean[] finished = {false};
      getRunningLoop().callLater(Duration.ofMillis(10), q::getNowait);
      AsyncTask<Void> queuePut = createTask(() -> {
        started.set();
        q.put(1);
        q.put(2);
        finished[0] = true;
      });
      started.await();
      assertThat(finished[0]).isFalse();
      queuePut.await();
      assertThat(finished[0]).isTrue();
    });
  }

  // CPython: test_queues.py QueuePutTests.test_nonblocking_put
  @Test
  void nonblockingPut_itemThere() {
    AsyncQueue<Integer> q = new AsyncQueue<>();
    q.putNowait(1);
    assertThat(q.getNowait()).isEqualTo(1);
  }

  // CPython: test_queues.py QueuePutTests.test_get_cancel_drop_one_pending_reader — an item handed to a reader that
  // is then cancelled is not dropped
  @Test
  void getCancelDropOnePendingReader_itemNotDropped() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      AsyncTask<Integer> reader = createTask(q::get);
      tick();
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        reader.await();
      } catch (CancelledError c) {
        reader = createTask(q::get); // try again
        reader.await();
      }
      assertThat(reader.result()).isEqualTo(1); // 2 would mean 1 was dropped
    });
  }

  // CPython: test_queues.py QueuePutTests.test_get_cancel_drop_many_pending_readers
  @Test
  void getCancelDropManyPendingReaders_noItemDropped() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      List<AsyncTask<Integer>> readers = new ArrayList<>();
      taskGroup(tg -> {
        for (int i = 0; i < 3; i++) {
          readers.add(tg.createTask(q::get));
        }
        tick();
        q.putNowait(1);
        q.putNowait(2);
        readers.get(0).cancel();
        assertThatThrownBy(readers.get(0)::await).isInstanceOf(CancelledError.class);
        readers.get(2).await();
      });
      // it is undefined in which order concurrent readers receive results
      assertThat(Set.of(readers.get(1).result(), readers.get(2).result())).containsExactlyInAnyOrder(1, 2);
    });
  }

  // CPython: test_queues.py QueuePutTests.test_put_cancel_drop — a writer woken then cancelled did not put
  @Test
  void putCancelDrop_cancelledWriterPutNothing() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      q.putNowait(1);
      AsyncTask<Void> writer = createTask(() -> q.put(2)); // has to block: the queue is full
      tick();
      assertThat(q.getNowait()).isEqualTo(1);
      writer.cancel();
      try {
        writer.await();
      } catch (CancelledError c) {
        writer = createTask(() -> q.put(2)); // try again
        writer.await();
      }
      assertThat(q.getNowait()).isEqualTo(2);
      assertThat(q.qsize()).isZero();
    });
  }

  // CPython: test_queues.py QueuePutTests.test_nonblocking_put_exception
  @Test
  void nonblockingPutException_fullQueue() {
    AsyncQueue<Integer> q = new AsyncQueue<>(1);
    q.putNowait(1);
    assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class);
  }

  // CPython: test_queues.py QueuePutTests.test_put_cancelled — a put whose getter came first completes
  @Test
  void putCancelled_putCompletesOnceGot() {
    run(config(), () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      AsyncTask<Boolean> t = createTask(() -> {
        q.put(1);
        return true;
      });
      assertThat(q.get()).isEqualTo(1);
      assertThat(t.done()).isTrue();
      assertThat(t.result()).isTrue();
    });
  }

  // CPython: test_queues.py QueuePutTests.test_put_cancelled_race — a cancelled putter does not put
  @Test
  void putCancelledRace_cancelledPutterSkipped() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      AsyncTask<Void> putA = createTask(() -> q.put("a"));
      AsyncTask<Void> putB = createTask(() -> q.put("b"));
      AsyncTask<Void> putC = createTask(() -> q.put("X"));
      tick();
      assertThat(putA.done()).isTrue();
      assertThat(putB.done()).isFalse();
      putC.cancel();
      tick();
      assertThat(putC.done()).isTrue();
      assertThat(q.getNowait()).isEqualTo("a");
      tick();
      assertThat(q.getNowait()).isEqualTo("b");
      putB.await();
    });
  }

  // CPython: test_queues.py QueuePutTests.test_put_with_waiting_getters
  @Test
  void putWithWaitingGetters_getterGetsTheItem() {
    run(config(), () -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      AsyncTask<String> t = createTask(q::get);
      tick();
      q.put("a");
      assertThat(t.await()).isEqualTo("a");
    });
  }

  // CPython: test_queues.py QueuePutTests.test_why_are_putters_waiting
  @Test
  void whyArePuttersWaiting_everyPutterFinishes() {
    run(config(), () -> {
      AsyncQueue<Integer> queue = new AsyncQueue<>(2);
      taskGroup(tg -> {
        tg.createTask(() -> {
          tick();
          int num = queue.qsize();
          for (int i = 0; i < num; i++) {
            queue.getNowait();
          }
        });
        for (int item = 0; item < 4; item++) {
          int it = item;
          tg.createTask(() -> queue.put(it));
        }
      });
      assertThat(queue.qsize()).isEqualTo(2);
    });
  }

  // CPython: test_queues.py QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
  @Test
  void cancelledPutsNotBeingHeldInSelfPutters_cancelledPutterLeaves() {
    run(config(), () -> {
      AsyncQueue<Integer> queue = new AsyncQueue<>(1);
      queue.putNowait(1);
      AsyncTask<Void> putTask = createTask(() -> queue.put(1));
      tick();
      assertThat(queue.toString()).contains("putters=1");
      putTask.cancel();
      assertThatThrownBy(putTask::await).isInstanceOf(CancelledError.class);
      assertThat(queue.toString()).doesNotContain("putters");
    });
  }

  // CPython: test_queues.py QueuePutTests.test_cancelled_put_silence_value_error_exception — a putter already
  // woken (taken off the putters) and then cancelled ends with the cancellation, not another error
  @Test
  void cancelledPutSilenceValueErrorException_endsCancelledOnly() {
    run(config(), () -> {
      AsyncQueue<Integer> queue = new AsyncQueue<>(1);
      queue.putNowait(1);
      AsyncTask<Void> putTask = createTask(() -> queue.put(1));
      tick();
      queue.getNowait(); // takes the putter off the putters
      putTask.cancel();
      assertThatThrownBy(putTask::await).isInstanceOf(CancelledError.class);
    });
  }
}
