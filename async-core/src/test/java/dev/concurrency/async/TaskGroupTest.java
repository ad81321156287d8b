package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class TaskGroupTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();
  private final List<ErrorContext> errors = new ArrayList<>();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock).exceptionHandler((l, c) -> errors.add(c));
  }

  // CPython test_taskgroups.py: test_taskgroup_01 — the scope waits for every task
  @Test
  void allSucceed_scopeWaitsForAll() {
    List<Object> results = run(config(), () -> {
      List<AsyncTask<Integer>> tasks = new ArrayList<>();
      taskGroup(tg -> {
        tasks.add(tg.createTask(() -> {
          sleep(Duration.ofSeconds(1));
          return 1;
        }));
        tasks.add(tg.createTask(() -> {
          sleep(Duration.ofSeconds(2));
          return 2;
        }));
      });
      return List.of(tasks.get(0).result(), tasks.get(1).result());
    });
    assertThat(results).containsExactly(1, 2);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  // CPython test_taskgroups.py: test_taskgroup_04 / test_cancel_children_on_child_error — a failing child cancels siblings and the body
  @Test
  void childFails_siblingsAndBodyCancelled_errorsGrouped() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(Duration.ofSeconds(10));
          } finally {
            log.add("sibling cancelled at " + clock.elapsed().toSeconds());
          }
        });
        tg.createTask(() -> {
          sleep(Duration.ofSeconds(1));
          throw new IllegalStateException("child failed");
        });
        try {
          sleep(Duration.ofSeconds(20));
        } finally {
          log.add("body cancelled");
        }
      })).isInstanceOfSatisfying(ExceptionGroup.class, g -> {
        assertThat(g.exceptions()).singleElement().extracting(Throwable::getMessage).isEqualTo("child failed");
        assertThat(g.getMessage()).contains("1 sub-exception");
      });
      assertThat(currentTask().cancelling()).isZero();
      return null;
    });
    assertThat(log).containsExactlyInAnyOrder("sibling cancelled at 1", "body cancelled");
    assertThat(errors).isEmpty();
  }

  // CPython test_taskgroups.py: test_taskgroup_19 — two failures are both reported
  @Test
  void twoChildrenFail_bothInGroup() {
    run(config(), () -> {
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          sleep(Duration.ofSeconds(1));
          throw new IllegalStateException("one");
        });
        tg.createTask(() -> {
          try {
            sleep(Duration.ofSeconds(5));
          } catch (CancelledError c) {
            throw new IllegalArgumentException("two, while cancelled");
          }
        });
      })).isInstanceOfSatisfying(ExceptionGroup.class, g ->
          assertThat(g.exceptions()).extracting(Throwable::getMessage).containsExactly("one", "two, while cancelled"));
      return null;
    });
  }

  // CPython test_taskgroups.py: test_taskgroup_09 — the body's own error is grouped too
  @Test
  void bodyFails_childrenCancelled_bodyErrorInGroup() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(Duration.ofSeconds(10));
          } finally {
            log.add("child cancelled");
          }
        });
        sleep(Duration.ofSeconds(1));
        throw new IllegalStateException("body failed");
      })).isInstanceOfSatisfying(ExceptionGroup.class, g ->
          assertThat(g.exceptions()).extracting(Throwable::getMessage).containsExactly("body failed"));
      return null;
    });
    assertThat(log).containsExactly("child cancelled");
  }

  // CPython test_taskgroups.py: test_cancellation / test_taskgroup_07 — cancellation from outside propagates as cancellation
  @Test
  void outsideCancellation_cancelsChildren_andPropagates() {
    assertThat(cancelOwnerAfterOneSecond(/* bodySleeps= */ true)).containsExactly("child cancelled");
  }

  // CPython test_taskgroups.py: test_taskgroup_22 (cancelled while waiting for the tasks)
  @Test
  void cancelWhileWaitingForChildren_abortsAndPropagates() {
    assertThat(cancelOwnerAfterOneSecond(/* bodySleeps= */ false)).containsExactly("child cancelled");
  }

  /** Runs a group with one long child in a task, cancels that task after 1 s; returns the child's log. */
  private List<String> cancelOwnerAfterOneSecond(boolean bodySleeps) {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<Void> owner = createTask(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(Duration.ofSeconds(10));
          } finally {
            log.add("child cancelled");
          }
        });
        if (bodySleeps) {
          sleep(Duration.ofSeconds(10));
        }
      }));
      sleep(Duration.ofSeconds(1));
      owner.cancel();
      assertThatThrownBy(owner::await).isInstanceOf(CancelledError.class);
      return null;
    });
    return log;
  }

  // CPython test_taskgroups.py: test_taskgroup_finished / test_taskgroup_no_create_task_after_failure — no new tasks when finished/aborting
  @Test
  void createTask_afterFinishOrAbort_isRefused() {
    run(config(), () -> {
      TaskGroup[] saved = new TaskGroup[1];
      taskGroup(tg -> {
        saved[0] = tg;
      });
      assertThatThrownBy(() -> saved[0].createTask(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("finished");
      List<Throwable> refused = new ArrayList<>();
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("boom");
        });
        tg.createTask(() -> {
          try {
            sleep(Duration.ofSeconds(5));
          } catch (CancelledError c) {
            try {
              tg.createTask(() -> 2);
            } catch (IllegalStateException e) {
              refused.add(e);
            }
            throw c;
          }
        }, "late");
      })).isInstanceOf(ExceptionGroup.class);
      assertThat(refused).singleElement().extracting(Throwable::getMessage).asString().contains("shutting down");
      assertThat(saved[0].toString()).contains("TaskGroup");
      return null;
    });
  }

  @Test
  void taskGroup_outsideTask_failsClearly() {
    assertThatThrownBy(() -> taskGroup(tg -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TaskGroup.run()");
  }
}
