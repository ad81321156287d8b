package dev.concurrency.async.queues;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ports of CPython 3.14's {@code test_queues.py} {@code _QueueJoinTestMixin} and {@code _QueueShutdownTestMixin},
 * run, as upstream runs them, on each kind of queue. {@code QueueShutDown} is {@link QueueShutDownException};
 * {@code task_done()} called too often is {@link IllegalStateException} (Python: {@code ValueError}).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class QueueJoinShutdownConformanceTest {

  /** The queue classes the mixins are combined with upstream. */
  enum Kind {
    FIFO(AsyncQueue::new),
    LIFO(AsyncLifoQueue::new),
    PRIORITY(AsyncPriorityQueue::new);

    private final IntFunction<AsyncQueue<Object>> factory;

    Kind(IntFunction<AsyncQueue<Object>> factory) {
      this.factory = factory;
    }

    @SuppressWarnings("unchecked")
    <E> AsyncQueue<E> create(int maxsize) {
      return (AsyncQueue<E>) factory.apply(maxsize);
    }
  }

  private static EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  private static void tick() {
    sleep(Duration.ZERO);
  }

  // CPython: test_queues.py _QueueJoinTestMixin.test_task_done_underflow
  @ParameterizedTest
  @EnumSource(Kind.class)
  void taskDoneUnderflow_failsClearly(Kind kind) {
    assertThatThrownBy(() -> kind.create(0).taskDone()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more times than items were put");
  }

  // CPython: test_queues.py _QueueJoinTestMixin.test_task_done — two workers, join() once all are processed
  @ParameterizedTest
  @EnumSource(Kind.class)
  void taskDone_joinReturnsWhenEveryItemIsDone(Kind kind) {
    run(config(), () -> {
      AsyncQueue<Integer> q = kind.create(0);
      for (int i = 0; i < 100; i++) {
        q.putNowait(i);
      }
      int[] accumulator = {0};
      boolean[] running = {true};
      taskGroup(tg -> {
        List<AsyncTask<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          tasks.add(tg.createTask(() -> {
            while (running[0]) {
              int item = q.get();
              accumulator[0] += item;
              q.taskDone();
            }
          }));
        }
        q.join();
        assertThat(accumulator[0]).isEqualTo(4950);
        running[0] = false; // close the workers
        for (int i = 0; i < tasks.size(); i++) {
          q.putNowait(0);
        }
      });
    });
  }

  // CPython: test_queues.py _QueueJoinTestMixin.test_join_empty_queue
  @ParameterizedTest
  @EnumSource(Kind.class)
  void joinEmptyQueue_returnsAtOnce(Kind kind) {
    run(config(), () -> {
      AsyncQueue<Integer> q = kind.create(0);
      q.join();
      q.join();
    });
  }

  // CPython: test_queues.py _QueueJoinTestMixin.test_format — the unfinished tasks show
  @ParameterizedTest
  @EnumSource(Kind.class)
  void joinFormat_showsUnfinishedTasks(Kind kind) {
    AsyncQueue<Integer> q = kind.create(0);
    assertThat(q.toString()).endsWith("[maxsize=0]");
    q.putNowait(1);
    q.putNowait(2);
    q.getNowait();
    q.getNowait();
    assertThat(q.toString()).endsWith("[maxsize=0, tasks=2]");
  }

  // CPython: test_queues.py _QueueShutdownTestMixin.test_format — the shutdown shows
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdownFormat_showsShutDown(Kind kind) {
    AsyncQueue<Integer> q = kind.create(0);
    q.shutdown(); // graceful, as Python's default
    assertThat(q.toString()).endsWith("[maxsize=0, shut down]");
    assertThat(q.isShutDown()).isTrue();
  }

  private static void assertPutsAndGetsShutDown(AsyncQueue<String> q) {
    assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(() -> q.putNowait("data")).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
  }

  // CPython: test_queues.py _QueueShutdownTestMixin.test_shutdown_empty
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdownEmpty_waitingGetFails_joinReturns(Kind kind) {
    run(config(), () -> {
      AsyncQueue<String> q = kind.create(0);
      AsyncTask<String> getTask = createTask(q::get);
      tick(); // the get is pending before the shutdown
      q.shutdown(/* immediate= */ false);
      assertThat(q.qsize()).isZero();
      q.join();
      tick();
      assertThat(getTask.done()).isTrue();
      assertThatThrownBy(getTask::await).isInstanceOf(QueueShutDownException.class);
      assertPutsAndGetsShutDown(q);
    });
  }

  // CPython: test_queues.py _QueueShutdownTestMixin.test_shutdown_nonempty — a graceful shutdown: the waiting put
  // fails, the item left can still be got, and join() waits for its taskDone()
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdownNonempty_itemsStillGot_joinWaitsForTheirTaskDone(Kind kind) {
    run(config(), () -> {
      AsyncQueue<String> q = kind.create(1);
      q.putNowait("data");
      AsyncTask<Void> joinTask = createTask(q::join);
      AsyncTask<Void> putTask = createTask(() -> q.put("data2"));
      tick();
      assertThat(putTask.done()).isFalse();
      q.shutdown(/* immediate= */ false);
      assertThat(q.qsize()).isEqualTo(1);
      tick();
      assertThat(putTask.done()).isTrue();
      assertThatThrownBy(putTask::await).isInstanceOf(QueueShutDownException.class);
      assertThat(q.get()).isEqualTo("data");
      tick();
      assertThat(joinTask.done()).isFalse();
      assertPutsAndGetsShutDown(q);
      q.taskDone();
      tick();
      assertThat(joinTask.done()).isTrue();
      joinTask.await();
      assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
    });
  }

  // CPython: test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate — the items left are dropped and
  // count as done
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdownImmediate_itemsDropped_joinReturns(Kind kind) {
    run(config(), () -> {
      AsyncQueue<String> q = kind.create(0);
      q.putNowait("data");
      AsyncTask<Void> joinTask = createTask(q::join);
      q.shutdown(/* immediate= */ true);
      assertThat(q.qsize()).isZero();
      tick();
      assertThat(joinTask.done()).isTrue();
      joinTask.await();
      assertPutsAndGetsShutDown(q);
      assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
    });
  }

  // CPython: test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished — an item got before
  // the shutdown still needs its taskDone()
  @ParameterizedTest
  @EnumSource(Kind.class)
  void shutdownImmediateWithUnfinished_gotItemStillNeedsTaskDone(Kind kind) {
    run(config(), () -> {
      AsyncQueue<String> q = kind.create(0);
      q.putNowait("data");
      q.putNowait("data");
      AsyncTask<Void> joinTask = createTask(q::join);
      assertThat(q.get()).isEqualTo("data");
      q.shutdown(/* immediate= */ true);
      assertThat(q.qsize()).isZero();
      tick();
      assertThat(joinTask.done()).isFalse();
      assertPutsAndGetsShutDown(q);
      q.taskDone();
      assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
      tick();
      assertThat(joinTask.done()).isTrue();
      joinTask.await();
    });
  }
}
