package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.concurrency.async.sync.AsyncEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_taskgroups.py} ({@code BaseTestTaskGroup}), on the virtual clock. Python's
 * exceptions become Java ones of the same kind: {@code ZeroDivisionError} is {@link ArithmeticException}, {@code
 * ValueError} {@link IllegalArgumentException}, {@code RuntimeError} {@link IllegalStateException}, {@code
 * TypeError} {@link ClassCastException}; a {@code BaseException} that is no {@code Exception} is an {@link Error}
 * ({@link MyBaseError}), and {@code KeyboardInterrupt} a {@link VirtualMachineError} ({@link FakeInterrupt}).
 * {@code except* T} is {@link ExceptionGroup#split}. {@link EagerTaskGroupConformanceTest} runs every test again
 * with the eager task factory, as upstream's {@code TestEagerTaskTaskGroup} does.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupConformanceTest {

  final VirtualClock clock = VirtualClock.autoAdvancing();
  final List<ErrorContext> loopErrors = new ArrayList<>();

  /** The loop each test runs on; the eager variant overrides it. */
  EventLoop newLoop() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> loopErrors.add(c)).build();
  }

  final <T> T runMain(Coroutine<T> main) {
    T result = run(main, this::newLoop);
    assertThat(loopErrors).as("errors reported to the loop's exception handler").isEmpty();
    return result;
  }

  final void runMain(AsyncRunnable main) {
    runMain(main.asCoroutine());
  }

  final double seconds() {
    return clock.read() / 1e9;
  }

  static void sleepSeconds(double s) {
    sleep(Duration.ofNanos(Math.round(s * 1e9)));
  }

  static Set<Class<?>> errorTypes(Throwable group) {
    assertThat(group).isInstanceOf(ExceptionGroup.class);
    Set<Class<?>> types = new HashSet<>();
    for (Throwable e : ((ExceptionGroup) group).exceptions()) {
      types.add(e.getClass());
    }
    return types;
  }

  static final class MyExc extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Python's {@code BaseException} that is not an {@code Exception}: an {@link Error} here. */
  static final class MyBaseError extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Python's {@code KeyboardInterrupt}: the kind of error a group does not wrap. */
  static final class FakeInterrupt extends VirtualMachineError {
    private static final long serialVersionUID = 1L;
  }

  /** Upstream's {@code foo1}/{@code foo2}: sleep, then return a value. */
  static Coroutine<Integer> valueAfter(double s, int value) {
    return () -> {
      sleepSeconds(s);
      return value;
    };
  }

  static ArithmeticException divideByZero() {
    return new ArithmeticException("/ by zero");
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_01
  @Test
  void taskgroup01_twoTasks_bothResultsWhenTheScopeEnds() {
    runMain(() -> {
      List<AsyncTask<Integer>> t = new ArrayList<>();
      taskGroup(g -> {
        t.add(g.createTask(valueAfter(0.1, 42)));
        t.add(g.createTask(valueAfter(0.2, 11)));
      });
      assertThat(t.get(0).result()).isEqualTo(42);
      assertThat(t.get(1).result()).isEqualTo(11);
      assertThat(seconds()).isEqualTo(0.2);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_02
  @Test
  void taskgroup02_taskCreatedAfterASleep_isAwaitedToo() {
    runMain(() -> {
      List<AsyncTask<Integer>> t = new ArrayList<>();
      taskGroup(g -> {
        t.add(g.createTask(valueAfter(0.1, 42)));
        sleepSeconds(0.15);
        t.add(g.createTask(valueAfter(0.2, 11)));
      });
      assertThat(t.get(0).result()).isEqualTo(42);
      assertThat(t.get(1).result()).isEqualTo(11);
      assertThat(seconds()).isEqualTo(0.35);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_03
  @Test
  void taskgroup03_childCancelledExplicitly_groupCarriesOn() {
    runMain(() -> {
      List<AsyncTask<Integer>> t = new ArrayList<>();
      taskGroup(g -> {
        t.add(g.createTask(valueAfter(1, 42)));
        sleepSeconds(0.15);
        t.get(0).cancel();
        t.add(g.createTask(valueAfter(0.2, 11)));
      });
      assertThat(t.get(0).cancelled()).isTrue();
      assertThat(t.get(1).result()).isEqualTo(11);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_04
  @Test
  void taskgroup04_childFails_siblingCancelled_codeAfterScopeSkipped() {
    int[] num = {0};
    boolean[] t2Cancel = {false};
    List<AsyncTask<Void>> t2 = new ArrayList<>();
    runMain(() -> {
      AsyncTask<Void> runner = createTask(() -> {
        taskGroup(g -> {
          g.createTask(() -> {
            sleepSeconds(0.1);
            throw divideByZero();
          });
          t2.add(g.createTask(() -> {
            try {
              sleepSeconds(1);
            } catch (CancelledError c) {
              t2Cancel[0] = true;
              throw c;
            }
            num[0] += 1;
          }));
        });
        num[0] += 10;
      });
      assertThatThrownBy(runner::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(
          ArithmeticException.class));
    });
    assertThat(num[0]).isZero();
    assertThat(t2Cancel[0]).isTrue();
    assertThat(t2.get(0).cancelled()).isTrue();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_cancel_children_on_child_error
  @Test
  void cancelChildrenOnChildError_siblingsAndBodyCancelled_errorsGrouped() {
    int[] num = {0};
    boolean[] t2Cancel = {false};
    boolean[] runnerCancel = {false};
    runMain(() -> {
      Coroutine<Void> foo1 = () -> {
        sleepSeconds(0.1);
        throw divideByZero();
      };
      AsyncTask<Void> runner = createTask(() -> {
        taskGroup(g -> {
          g.createTask(foo1);
          g.createTask(foo1);
          g.createTask(foo1);
          g.createTask(() -> {
            try {
              sleepSeconds(5);
            } catch (CancelledError c) {
              t2Cancel[0] = true;
              throw c;
            }
            num[0] += 1;
          });
          try {
            sleepSeconds(10);
          } catch (CancelledError c) {
            runnerCancel[0] = true;
            throw c;
          }
        });
        num[0] += 10;
      });
      assertThatThrownBy(runner::await).satisfies(e -> {
        assertThat(errorTypes(e)).containsExactly(ArithmeticException.class);
        // on the virtual clock the three failures happen in the same tick, so none is lost to the abort
        assertThat(((ExceptionGroup) e).exceptions()).hasSize(3);
      });
    });
    assertThat(num[0]).isZero();
    assertThat(t2Cancel[0]).isTrue();
    assertThat(runnerCancel[0]).isTrue();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_cancellation
  @Test
  void cancellation_ofTheParentWhileWaiting_cancelsEveryChild_propagatesWithItsMessage() {
    int[] num = {0};
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        for (int i = 0; i < 5; i++) {
          g.createTask(() -> {
            try {
              sleepSeconds(5);
            } catch (CancelledError c) {
              num[0] += 1;
              throw c;
            }
          });
        }
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel("test");
      assertThatThrownBy(r::await).isInstanceOf(CancelledError.class).hasMessage("test");
    });
    assertThat(num[0]).isEqualTo(5);
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_07
  @Test
  void taskgroup07_parentCancelledInTheBody_bodyAndChildrenSeeIt() {
    int[] num = {0};
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        for (int i = 0; i < 5; i++) {
          g.createTask(() -> {
            try {
              sleepSeconds(5);
            } catch (CancelledError c) {
              num[0] += 1;
              throw c;
            }
          });
        }
        try {
          sleepSeconds(10);
        } catch (CancelledError c) {
          num[0] += 10;
          throw c;
        }
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
    });
    assertThat(num[0]).isEqualTo(15);
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_08
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  @Test
  void taskgroup08_childrenFailWhileCancelled_groupWinsOverTheCancellation() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        for (int i = 0; i < 5; i++) {
          g.createTask(() -> {
            try {
              sleepSeconds(10);
            } finally {
              throw divideByZero();
            }
          });
        }
        sleepSeconds(10);
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(
          ArithmeticException.class));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_09
  @Test
  void taskgroup09_bodyFailsAfterASleep_childrenCancelled() {
    runMain(() -> {
      List<AsyncTask<Integer>> t = new ArrayList<>();
      assertThatThrownBy(() -> taskGroup(g -> {
        t.add(g.createTask(valueAfter(1, 42)));
        t.add(g.createTask(valueAfter(2, 11)));
        sleepSeconds(0.1);
        throw divideByZero();
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactly(ArithmeticException.class));
      assertThat(t.get(0).cancelled()).isTrue();
      assertThat(t.get(1).cancelled()).isTrue();
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_10
  @Test
  void taskgroup10_bodyFailsAtOnce_childrenCancelledBeforeStarting() {
    runMain(() -> {
      List<AsyncTask<Integer>> t = new ArrayList<>();
      assertThatThrownBy(() -> taskGroup(g -> {
        t.add(g.createTask(valueAfter(1, 42)));
        t.add(g.createTask(valueAfter(2, 11)));
        throw divideByZero();
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactly(ArithmeticException.class));
      assertThat(t.get(0).cancelled()).isTrue();
      assertThat(t.get(1).cancelled()).isTrue();
    });
  }

  /** A child that fails in its cleanup when cancelled (upstream's {@code foo} of tests 08, 11 and 12). */
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  static void failWhenCancelled() {
    try {
      sleepSeconds(10);
    } finally {
      throw divideByZero();
    }
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_11
  @Test
  void taskgroup11_nestedGroups_innerChildrenFailWhenCancelled_groupInAGroup() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g1 -> taskGroup(g2 -> {
        for (int i = 0; i < 5; i++) {
          g2.createTask(TaskGroupConformanceTest::failWhenCancelled);
        }
        sleepSeconds(10);
      })));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> {
        assertThat(errorTypes(e)).containsExactly(ExceptionGroup.class);
        assertThat(errorTypes(((ExceptionGroup) e).exceptions().get(0))).containsExactly(ArithmeticException.class);
      });
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_12
  @Test
  void taskgroup12_nestedGroups_outerHasAChildToo_groupInAGroup() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g1 -> {
        g1.createTask(() -> sleepSeconds(10));
        taskGroup(g2 -> {
          for (int i = 0; i < 5; i++) {
            g2.createTask(TaskGroupConformanceTest::failWhenCancelled);
          }
          sleepSeconds(10);
        });
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> {
        assertThat(errorTypes(e)).containsExactly(ExceptionGroup.class);
        assertThat(errorTypes(((ExceptionGroup) e).exceptions().get(0))).containsExactly(ArithmeticException.class);
      });
    });
  }

  static Coroutine<Void> crashAfter(double s) {
    return () -> {
      sleepSeconds(s);
      throw new IllegalArgumentException(Double.toString(s));
    };
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_13
  @Test
  void taskgroup13_outerChildFailsFirst_innerGroupCancelled_onlyTheOuterError() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g1 -> {
        g1.createTask(crashAfter(0.1));
        taskGroup(g2 -> g2.createTask(crashAfter(10)));
      }));
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(
          IllegalArgumentException.class));
      assertThat(seconds()).isEqualTo(0.1);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_14
  @Test
  void taskgroup14_innerChildFailsFirst_innerGroupNestedInTheOuterOne() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g1 -> {
        g1.createTask(crashAfter(10));
        taskGroup(g2 -> g2.createTask(crashAfter(0.1)));
      }));
      assertThatThrownBy(r::await).satisfies(e -> {
        assertThat(errorTypes(e)).containsExactly(ExceptionGroup.class);
        assertThat(errorTypes(((ExceptionGroup) e).exceptions().get(0)))
            .containsExactly(IllegalArgumentException.class);
      });
    });
  }

  /** Upstream's runner of tests 15 and 16: a child crashes at 0.3 s while the body handles its cancellation. */
  static void bodyThatSleepsWhenCancelled() {
    taskGroup(g1 -> {
      g1.createTask(() -> {
        sleepSeconds(0.3);
        throw divideByZero();
      });
      try {
        sleepSeconds(10);
      } catch (CancelledError c) {
        sleepSeconds(0.5);
        throw c;
      }
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_15 — the child's failure wins over the outside
  // cancellation, which stays pending (3.13's re-cancel)
  @Test
  void taskgroup15_childFailsWhileTheBodyHandlesAnOutsideCancel_groupWins() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(TaskGroupConformanceTest::bodyThatSleepsWhenCancelled);
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(
          ArithmeticException.class));
      assertThat(r.cancelled()).isFalse();
      assertThat(seconds()).isEqualTo(0.3);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_16
  @Test
  void taskgroup16_sameOneTaskFurtherDown_groupWins() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> createTask(TaskGroupConformanceTest::bodyThatSleepsWhenCancelled).await());
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(
          ArithmeticException.class));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_17
  @Test
  void taskgroup17_emptyGroup_bodyCancelled_propagates() {
    int[] num = {0};
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        try {
          sleepSeconds(10);
        } catch (CancelledError c) {
          num[0] += 10;
          throw c;
        }
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
    });
    assertThat(num[0]).isEqualTo(10);
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_18 — the body turns its cancellation into an
  // error: the error is grouped
  @Test
  void taskgroup18_bodyReplacesTheCancellationWithAnError_errorGrouped() {
    int[] num = {0};
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        try {
          sleepSeconds(10);
        } catch (CancelledError c) {
          num[0] += 10;
          throw new MyExc();
        }
      }));
      sleepSeconds(0.1);
      assertThat(r.done()).isFalse();
      r.cancel();
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactly(MyExc.class));
    });
    assertThat(num[0]).isEqualTo(10);
  }

  /** Upstream's {@code nested()}: sleeps, and raises {@code error} from its cleanup. */
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  static <E extends Throwable> void sleepThenFailInCleanup(E error) throws E {
    try {
      sleepSeconds(10);
    } finally {
      throw error;
    }
  }

  static void crashSoon() {
    sleepSeconds(0.1);
    throw divideByZero();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_19
  @Test
  void taskgroup19_bodyFailsInCleanupAfterAChildFailed_bothGrouped() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        g.createTask(TaskGroupConformanceTest::crashSoon);
        sleepThenFailInCleanup(new MyExc());
      }));
      assertThatThrownBy(r::await).satisfies(e -> assertThat(errorTypes(e)).containsExactlyInAnyOrder(
          MyExc.class, ArithmeticException.class));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_20 — KeyboardInterrupt is not grouped; here a
  // VirtualMachineError is not
  @Test
  void taskgroup20_bodyRaisesABaseError_itEscapesUngrouped() {
    runMain(() -> {
      assertThatThrownBy(() -> taskGroup(g -> {
        g.createTask(TaskGroupConformanceTest::crashSoon);
        sleepThenFailInCleanup(new FakeInterrupt());
      })).isInstanceOf(FakeInterrupt.class);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_20a — any other Error is grouped, as Python groups
  // a BaseException in a BaseExceptionGroup
  @Test
  void taskgroup20a_bodyRaisesAnError_groupedWithTheChildsFailure() {
    runMain(() -> {
      assertThatThrownBy(() -> taskGroup(g -> {
        g.createTask(TaskGroupConformanceTest::crashSoon);
        sleepThenFailInCleanup(new MyBaseError());
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactlyInAnyOrder(
          MyBaseError.class, ArithmeticException.class));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_21a
  @Test
  void taskgroup21a_childRaisesAnError_bodyFailsInCleanup_bothGrouped() {
    runMain(() -> {
      assertThatThrownBy(() -> taskGroup(g -> {
        g.createTask(() -> {
          sleepSeconds(0.1);
          throw new MyBaseError();
        });
        sleepThenFailInCleanup(new ClassCastException("TypeError"));
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactlyInAnyOrder(
          MyBaseError.class, ClassCastException.class));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_22
  @Test
  void taskgroup22_cancelledWhileWaitingForTheTasks_propagates() {
    runMain(() -> {
      AsyncTask<Void> r = createTask(() -> taskGroup(g -> {
        g.createTask(() -> sleepSeconds(1));
        g.createTask(() -> sleepSeconds(2));
      }));
      sleepSeconds(0.05);
      r.cancel();
      assertThatThrownBy(r::await).isInstanceOf(CancelledError.class);
      assertThat(seconds()).isEqualTo(0.05);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_23 — finished tasks leave the group
  @Test
  void taskgroup23_finishedTasksLeaveTheGroupAtOnce() {
    runMain(() -> taskGroup(g -> {
      for (int count = 0; count < 10; count++) {
        sleepSeconds(0.1);
        g.createTask(() -> sleepSeconds(0.3));
        if (count == 5) {
          assertThat(g.pendingTaskCount()).isLessThan(5);
        }
      }
      sleepSeconds(1.35);
      assertThat(g.pendingTaskCount()).isZero();
    }));
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_24 — a task of the group adds tasks to it
  @Test
  void taskgroup24_aChildAddsTasks_allAwaited() {
    runMain(() -> {
      List<AsyncTask<Void>> added = new ArrayList<>();
      taskGroup(g -> g.createTask(() -> {
        sleepSeconds(0.1);
        added.add(g.createTask(() -> sleepSeconds(0.1)));
        added.add(g.createTask(() -> sleepSeconds(0.2)));
      }));
      assertThat(added).allSatisfy(t -> assertThat(t.done()).isTrue());
      assertThat(seconds()).isEqualTo(0.3);
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_25 — tasks that keep adding tasks stop when one
  // fails
  @Test
  void taskgroup25_hydra_growingGroupStopsOnFailure() {
    int[] hydras = {0};
    runMain(() -> {
      class Hydra {
        void grow(TaskGroup g) {
          hydras[0]++;
          sleepSeconds(0.01);
          g.createTask(() -> grow(g));
          g.createTask(() -> grow(g));
        }
      }
      assertThatThrownBy(() -> taskGroup(g -> {
        g.createTask(() -> new Hydra().grow(g));
        g.createTask(() -> {
          while (hydras[0] < 10) {
            sleepSeconds(0.015);
          }
          throw divideByZero();
        });
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactly(ArithmeticException.class));
    });
    assertThat(hydras[0]).isGreaterThanOrEqualTo(10);
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_task_name
  @Test
  void taskgroupTaskName_givenNameIsKept() {
    runMain(() -> taskGroup(g -> {
      AsyncTask<Void> t = g.createTask(() -> sleep(Duration.ZERO), "yolo");
      assertThat(t.getName()).isEqualTo("yolo");
    }));
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_task_context — a task runs in the context given
  @Test
  void taskgroupTaskContext_tasksSetVariablesInTheGivenContext() {
    ContextVar<Integer> cvar = new ContextVar<>("cvar");
    runMain(() -> taskGroup(g -> {
      Context ctx = copyContext();
      assertThat(ctx.get(cvar)).isNull();
      AsyncTask<Void> t1 = g.createTask(() -> {
        sleep(Duration.ZERO);
        cvar.set(1);
      }, TaskOptions.defaults().withContext(ctx));
      t1.await();
      assertThat(ctx.get(cvar)).isEqualTo(1);
      AsyncTask<Void> t2 = g.createTask(() -> {
        sleep(Duration.ZERO);
        cvar.set(2);
      }, TaskOptions.defaults().withContext(ctx));
      t2.await();
      assertThat(ctx.get(cvar)).isEqualTo(2);
    }));
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_no_create_task_after_failure
  @Test
  void taskgroupNoCreateTaskAfterFailure_refusedWhileShuttingDown() {
    List<Throwable> refused = new ArrayList<>();
    runMain(() -> {
      assertThatThrownBy(() -> taskGroup(g -> {
        Coroutine<Void> coro1 = () -> {
          sleepSeconds(0.001);
          throw divideByZero();
        };
        g.createTask(coro1);
        g.createTask(() -> {
          try {
            sleepSeconds(1);
          } catch (CancelledError c) {
            try {
              g.createTask(coro1);
            } catch (IllegalStateException e) {
              refused.add(e);
            }
          }
        });
      })).satisfies(e -> assertThat(errorTypes(e)).containsExactly(ArithmeticException.class));
    });
    assertThat(refused).singleElement().extracting(Throwable::getMessage).asString().contains("is shutting down");
  }

  static final class CustomException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_context_manager_exit_raises (gh-95289) — a
  // cleanup in the body that raises instead of the group's cancellation: both errors, and no cancel left over
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  @Test
  void taskgroupContextManagerExitRaises_bothErrorsGrouped_noCancellationLeftOver() {
    runMain(() -> createTask(() -> {
      AsyncTask<?> task = currentTask();
      try {
        taskGroup(tg -> {
          try { // upstream's "async with database():", whose exit raises
            tg.createTask(() -> {
              throw new CustomException();
            });
            sleepSeconds(1);
          } finally {
            throw new CustomException();
          }
        });
        fail("CustomException not raised");
      } catch (ExceptionGroup eg) {
        ExceptionGroup err = eg.split(CustomException.class).match();
        assertThat(err).isNotNull();
        assertThat(task.cancelling()).isZero();
        assertThat(err.exceptions()).hasSize(2);
        assertThat(eg.split(CustomException.class).rest()).isNull();
      }
    }).await());
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_already_entered
  @Test
  void taskgroupAlreadyEntered_enteringItsOwnBodyAgain_refused() {
    runMain(() -> {
      TaskGroup tg = new TaskGroup();
      tg.run(g -> assertThatThrownBy(() -> tg.run(inner -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("has already been entered"));
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_double_enter
  @Test
  void taskgroupDoubleEnter_secondRunRefused() {
    runMain(() -> {
      TaskGroup tg = new TaskGroup();
      tg.run(g -> { });
      assertThatThrownBy(() -> tg.run(g -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("has already been entered");
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_finished — the coroutine is not run either
  @Test
  void taskgroupFinished_createTaskRefused_coroutineNeverRuns() {
    boolean[] ran = {false};
    runMain(() -> {
      TaskGroup tg = new TaskGroup();
      tg.run(g -> { });
      assertThatThrownBy(() -> tg.createTask(() -> ran[0] = true))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("is finished");
      sleep(Duration.ZERO);
    });
    assertThat(ran[0]).isFalse();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_not_entered
  @Test
  void taskgroupNotEntered_createTaskRefused() {
    runMain(() -> {
      assertThatThrownBy(() -> new TaskGroup().createTask(() -> 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been entered");
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_taskgroup_without_parent_task — run() outside a task (a
  // callback) is refused and leaves the group not entered
  @Test
  void taskgroupWithoutParentTask_refusedInACallback_groupStaysNotEntered() {
    List<Throwable> errors = new ArrayList<>();
    TaskGroup tg = new TaskGroup();
    runMain(() -> {
      AsyncFuture<Void> done = getRunningLoop().createFuture();
      getRunningLoop().callSoon(() -> {
        try {
          tg.run(g -> { });
        } catch (IllegalStateException e) {
          errors.add(e);
        }
        done.setResult(null);
      });
      done.await();
      assertThatThrownBy(() -> tg.createTask(() -> 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been entered");
    });
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString()
        .contains("must be called from a task");
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_coro_closed_when_tg_closed
  @Test
  void coroClosedWhenTgClosed_createTaskAfterTheScope_refused() {
    runMain(() -> {
      TaskGroup[] saved = new TaskGroup[1];
      taskGroup(tg -> saved[0] = tg);
      assertThatThrownBy(() -> saved[0].createTask(() -> sleep(Duration.ZERO)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("is finished");
    });
  }

  static Coroutine<Void> raiseAfter(double s, RuntimeException error) {
    return () -> {
      sleepSeconds(s);
      throw error;
    };
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_cancelling_level_preserved
  @Test
  void cancellingLevelPreserved_afterAGroupFailed_cancellingIsZero() {
    runMain(() -> {
      try {
        taskGroup(tg -> tg.createTask(raiseAfter(0, new IllegalStateException())));
        fail("no group");
      } catch (ExceptionGroup eg) {
        assertThat(eg.split(IllegalStateException.class).rest()).isNull();
      }
      assertThat(currentTask().cancelling()).isZero();
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_nested_groups_both_cancelled
  @Test
  void nestedGroupsBothCancelled_eachWithdrawsItsOwnRequest() {
    runMain(() -> {
      try {
        taskGroup(outer -> {
          try {
            taskGroup(inner -> {
              inner.createTask(raiseAfter(0, new IllegalStateException()));
              outer.createTask(raiseAfter(0, new IllegalArgumentException()));
            });
            fail("IllegalStateException not raised");
          } catch (ExceptionGroup eg) {
            assertThat(eg.split(IllegalStateException.class).rest()).isNull();
          }
          assertThat(currentTask().cancelling()).isEqualTo(1);
        });
        fail("IllegalArgumentException not raised");
      } catch (ExceptionGroup eg) {
        assertThat(eg.split(IllegalArgumentException.class).rest()).isNull();
      }
      assertThat(currentTask().cancelling()).isZero();
    });
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_error_and_cancel — a child's failure and an outside
  // cancellation at once: the group's error comes out, the outside request survives it and cancels the next await
  @Test
  void errorAndCancel_groupErrorFirst_thenTheNextAwaitIsCancelled() {
    List<String> log = new ArrayList<>();
    runMain(() -> {
      AsyncEvent event = new AsyncEvent();
      AsyncTask<Void> t = createTask(() -> {
        try {
          taskGroup(tg -> {
            tg.createTask(() -> {
              event.set();
              sleep(Duration.ZERO);
              throw new IllegalStateException();
            });
            sleepSeconds(1);
            log.add("sleep in group not cancelled");
          });
        } catch (ExceptionGroup eg) {
          assertThat(eg.split(IllegalStateException.class).rest()).isNull();
          assertThat(currentTask().cancelling()).isEqualTo(1);
        }
        assertThat(currentTask().cancelling()).isEqualTo(1);
        sleepSeconds(1);
        log.add("sleep after group not cancelled");
      });
      event.await();
      assertThat(t.cancelling()).isZero();
      t.cancel();
      assertThat(t.cancelling()).isEqualTo(1);
      assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
      assertThat(t.cancelled()).isTrue();
      assertThat(seconds()).isZero();
    });
    assertThat(log).isEmpty();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_name — the given name is the task's own name
  @Test
  void name_taskSeesItsGivenName() {
    String[] name = {null};
    runMain(() -> taskGroup(tg -> tg.createTask(() -> {
      name[0] = currentTask().getName();
    }, "example name")));
    assertThat(name[0]).isEqualTo("example name");
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_cancels_task_if_created_during_creation (gh-128550) — a
  // task that creates a failing task in the group is cancelled by the group (eager tasks at the first sleep(0),
  // lazy ones at the second)
  @Test
  void cancelsTaskIfCreatedDuringCreation_creatorIsCancelled() {
    boolean[] ran = {false};
    runMain(() -> {
      try {
        taskGroup(tg -> tg.createTask(() -> {
          tg.createTask(() -> {
            throw new MyExc();
          });
          assertThatThrownBy(() -> {
            sleep(Duration.ZERO);
            sleep(Duration.ZERO);
          }).isInstanceOf(CancelledError.class);
          ran[0] = true;
        }));
        fail("no group");
      } catch (ExceptionGroup eg) {
        assertThat(eg.exceptions()).singleElement().isInstanceOf(MyExc.class);
      }
    });
    assertThat(ran[0]).isTrue();
  }

  // CPython: test_taskgroups.py BaseTestTaskGroup.test_cancellation_does_not_leak_out_of_tg
  @Test
  void cancellationDoesNotLeakOutOfTg_nextAwaitRunsNormally() {
    runMain(() -> {
      try {
        taskGroup(tg -> tg.createTask(() -> {
          throw new MyExc();
        }));
        fail("should have raised one MyExc in group");
      } catch (ExceptionGroup eg) {
        assertThat(eg.split(MyExc.class).rest()).isNull();
      }
      assertThat(currentTask().cancelling()).isZero();
      sleep(Duration.ZERO); // would be cancelled if the group's request had leaked
    });
  }
}
