package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_eager_task_factory.py} (recent main), on the virtual clock. */
@Timeout(30)
final class EagerTaskFactoryConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  /** Runs {@code main} on a loop whose task factory is the eager one, as the upstream setUp does. */
  private <T> T runEager(Coroutine<T> main) {
    return run(main, () -> {
      EventLoop loop = EventLoop.builder().clock(clock).build();
      loop.setTaskFactory(TaskFactory.eager());
      return loop;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_task_factory_set
  @Test
  void factorySet_isReturnedAndMakesTasks() {
    runEager(() -> {
      EventLoop loop = getRunningLoop();
      assertThat(loop.getTaskFactory()).isSameAs(TaskFactory.eager());
      AsyncTask<Void> t = loop.createTask(() -> null);
      t.await();
      return null;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_await_future_during_eager_step
  @Test
  void futureSetDuringEagerStep_isDoneAtReturn() {
    String v = runEager(() -> {
      AsyncFuture<String> fut = getRunningLoop().createFuture();
      AsyncTask<Void> t = createTask(() -> fut.setResult("my message"));
      assertThat(t.done()).isTrue();
      return fut.await();
    });
    assertThat(v).isEqualTo("my message");
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_completion
  @Test
  void taskThatNeverSuspends_isDoneWhenCreateTaskReturns() {
    String v = runEager(() -> {
      AsyncTask<String> t = createTask(() -> "hello");
      assertThat(t.done()).isTrue();
      return t.await();
    });
    assertThat(v).isEqualTo("hello");
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_block_after_eager_step
  @Test
  void taskThatSuspends_isPendingAtReturn_thenFinishes() {
    String v = runEager(() -> {
      AsyncTask<String> t = createTask(() -> sleep(Duration.ofMillis(100), "finished after blocking"));
      assertThat(t.done()).isFalse();
      String result = t.await();
      assertThat(t.done()).isTrue();
      return result;
    });
    assertThat(v).isEqualTo("finished after blocking");
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_completion
  @Test
  void cancelAfterEagerCompletion_isRefused() {
    String v = runEager(() -> {
      AsyncTask<String> t = createTask(() -> "finished without blocking");
      assertThat(t.cancel()).isFalse();
      String result = t.await();
      assertThat(t.cancelled()).isFalse();
      return result;
    });
    assertThat(v).isEqualTo("finished without blocking");
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_step_blocks
  @Test
  void cancelAfterEagerStepBlocked_cancelsWithMessage() {
    assertThatThrownBy(() -> runEager(() -> {
      AsyncTask<String> t = createTask(() -> sleep(Duration.ofMillis(100), "finished after blocking"));
      t.cancel("cancellation message");
      assertThat(t.cancelling()).isPositive();
      return t.await();
    })).isInstanceOf(CancelledError.class).hasMessage("cancellation message");
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_current_task
  @Test
  void currentTask_duringEagerStep_isTheNewTask() {
    runEager(() -> {
      AtomicReference<AsyncTask<?>> captured = new AtomicReference<>();
      AsyncTask<?> creator = currentTask();
      AsyncTask<Void> t = createTask(() -> {
        captured.set(currentTask());
        sleep(Duration.ofMillis(100));
        assertThat(currentTask()).isSameAs(captured.get());
      });
      assertThat(captured.get()).isSameAs(t);
      assertThat(currentTask()).isSameAs(creator);
      t.await();
      return null;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_eager_completion
  @Test
  void allTasks_holdsTheEagerTaskOnlyWhileItRuns() {
    runEager(() -> {
      AtomicReference<Set<AsyncTask<?>>> captured = new AtomicReference<>();
      AsyncTask<Void> t = createTask(() -> captured.set(allTasks()));
      assertThat(captured.get()).contains(t);
      assertThat(allTasks()).doesNotContain(t);
      return null;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_blocking
  @Test
  void allTasks_holdsABlockedEagerTaskUntilItEnds() {
    runEager(() -> {
      AtomicReference<Set<AsyncTask<?>>> captured = new AtomicReference<>();
      AsyncFuture<Void> fut1 = getRunningLoop().createFuture();
      AsyncFuture<Void> fut2 = getRunningLoop().createFuture();
      AsyncTask<Void> t = createTask(() -> {
        captured.set(allTasks());
        fut1.await();
        fut2.setResult(null);
      });
      assertThat(captured.get()).contains(t);
      assertThat(allTasks()).contains(t);
      fut1.setResult(null);
      fut2.await();
      sleep(Duration.ZERO); // the task's own completion is one step behind its setResult
      assertThat(allTasks()).doesNotContain(t);
      return null;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_context_vars — the eager step runs in the
  // task's own copy of the context
  @Test
  void contextVars_eagerStepSeesACopy() {
    ContextVar<Integer> cv = new ContextVar<>("cv", 0);
    List<String> steps = new ArrayList<>();
    runEager(() -> {
      cv.set(1);
      AsyncTask<Void> t = createTask(() -> {
        assertThat(cv.get()).isEqualTo(1);
        cv.set(2);
        assertThat(cv.get()).isEqualTo(2);
        steps.add("first");
        sleep(Duration.ofMillis(100));
        assertThat(cv.get()).isEqualTo(2);
        cv.set(3);
        steps.add("second");
      });
      assertThat(steps).containsExactly("first");
      assertThat(cv.get()).isEqualTo(1);
      t.await();
      assertThat(steps).containsExactly("first", "second");
      assertThat(cv.get()).isEqualTo(1);
      return null;
    });
  }

  // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_start_false — the options' explicit
  // false wins over the eager factory
  @Test
  void eagerStartFalse_underEagerFactory_schedulesTheTask() {
    AtomicReference<String> name = new AtomicReference<>();
    runEager(() -> {
      AsyncTask<Void> t = getRunningLoop().createTask(
          () -> {
            name.set(currentTask().getName());
            return null;
          },
          TaskOptions.defaults().withEagerStart(false).withName("example"));
      assertThat(t.done()).isFalse();
      assertThat(name.get()).isNull();
      t.await();
      assertThat(name.get()).isEqualTo("example");
      return null;
    });
  }

  // CPython: test_eager_task_factory.py CEagerTaskFactoryLoopTests.test_issue122332 — an eagerly finished task
  // has no coroutine any more
  @Test
  void eagerlyFinishedTask_getCoroIsNull() {
    runEager(() -> {
      AsyncTask<Void> t = createTask(() -> null);
      t.await();
      assertThat(t.getCoro()).isNull();
      AsyncTask<Void> suspended = createTask(() -> sleep(Duration.ZERO));
      suspended.await();
      assertThat(suspended.getCoro()).isNotNull();
      return null;
    });
  }

  // CPython: test_eager_task_factory.py CEagerTaskFactoryLoopTests.test_name — the name is set before the eager
  // step runs
  @Test
  void name_isVisibleInsideTheEagerStep() {
    AtomicReference<String> name = new AtomicReference<>();
    runEager(() -> {
      AsyncTask<Void> task = createTask(() -> name.set(currentTask().getName()), "test name");
      assertThat(name.get()).isEqualTo("test name");
      task.await();
      return null;
    });
  }

  // CPython: test_eager_task_factory.py DefaultTaskFactoryEagerStart.test_eager_start_true_with_default_factory
  @Test
  void eagerStartTrue_withDefaultFactory_runsAtOnce() {
    AtomicReference<String> name = new AtomicReference<>();
    run(() -> {
      AsyncTask<Void> t = getRunningLoop().createTask(
          () -> {
            name.set(currentTask().getName());
            return null;
          },
          TaskOptions.defaults().withEagerStart(true).withName("example"));
      assertThat(t.done()).isTrue();
      assertThat(name.get()).isEqualTo("example");
      t.await();
    }, () -> EventLoop.builder().clock(clock).build());
  }

  /** Counts the tasks a loop's factory makes without an eager start, as upstream's AsyncTaskCounter does. */
  private static final class CountingFactory implements TaskFactory {
    private final TaskFactory delegate;
    int scheduled;

    CountingFactory(boolean eager) {
      TaskFactory counting = new TaskFactory() {
        @Override
        public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
          if (!Boolean.TRUE.equals(options.eagerStart())) {
            scheduled++;
          }
          return AsyncTask.create(loop, coroutine, options);
        }
      };
      this.delegate = eager ? TaskFactory.eager(counting) : counting;
    }

    @Override
    public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
      return delegate.createTask(loop, coroutine, options);
    }
  }

  private int countTasks(boolean eager, Coroutine<?> main) {
    CountingFactory counter = new CountingFactory(eager);
    run(main, () -> {
      EventLoop loop = EventLoop.builder().clock(clock).build();
      loop.setTaskFactory(counter);
      return loop;
    });
    return counter.scheduled;
  }

  private static int awaitableChain(int depth) {
    return depth == 0 ? 0 : 1 + awaitableChain(depth - 1); // an await of a coroutine is a plain call here
  }

  private static void recursiveTaskGroups(int width, int depth) {
    if (depth == 0) {
      return;
    }
    taskGroup(tg -> {
      for (int i = 0; i < width; i++) {
        tg.createTask(() -> recursiveTaskGroups(width, depth - 1));
      }
    });
  }

  private static void recursiveGather(int width, int depth) {
    if (depth == 0) {
      return;
    }
    AsyncRunnable[] children = new AsyncRunnable[width];
    java.util.Arrays.fill(children, (AsyncRunnable) () -> recursiveGather(width, depth - 1));
    gather(children).await();
  }

  // CPython: test_eager_task_factory.py BaseTaskCountingTests.test_awaitables_chain — awaiting coroutines makes
  // no tasks; only the main task counts, and under the eager factory not even that one
  @Test
  void awaitablesChain_makesOnlyTheMainTask() {
    assertThat(countTasks(false, () -> assertThat(awaitableChain(100)).isEqualTo(100))).isEqualTo(1);
    assertThat(countTasks(true, () -> assertThat(awaitableChain(100)).isEqualTo(100))).isZero();
  }

  // CPython: test_eager_task_factory.py BaseTaskCountingTests.test_recursive_taskgroups — 1 + 5 + 25 + 125 + 625
  // scheduled tasks by default, none with the eager factory
  @Test
  void recursiveTaskGroups_countsScheduledTasks() {
    assertThat(countTasks(false, () -> {
      recursiveTaskGroups(5, 4);
      return null;
    })).isEqualTo(781);
    assertThat(countTasks(true, () -> {
      recursiveTaskGroups(5, 4);
      return null;
    })).isZero();
  }

  // CPython: test_eager_task_factory.py BaseTaskCountingTests.test_recursive_gather
  @Test
  void recursiveGather_countsScheduledTasks() {
    assertThat(countTasks(false, () -> {
      recursiveGather(5, 4);
      return null;
    })).isEqualTo(781);
    assertThat(countTasks(true, () -> {
      recursiveGather(5, 4);
      return null;
    })).isZero();
  }
}
