package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TaskGroup#cancel()}, Python 3.15's {@code TaskGroup.cancel()} (gh-108951), tested against its
 * documented contract: the unfinished tasks and the parent are cancelled, the group exits without {@link
 * CancelledError}; before entry it cancels the group on entry; it is idempotent and harmless after exit. Also the
 * two follow-ups reported on CPython's main: an outside cancellation is not swallowed (gh-155433), and a task that
 * cancels the group during its eager first step does not hang it (gh-155418).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class TaskGroupCancelTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private double seconds() {
    return clock.read() / 1e9;
  }

  /** A child that records how it ended. */
  private static AsyncRunnable child(List<String> log, String name, Duration sleep) {
    return () -> {
      try {
        sleep(sleep);
        log.add(name + " finished");
      } catch (CancelledError c) {
        log.add(name + " cancelled");
        throw c;
      }
    };
  }

  @Test
  void cancel_fromTheBody_cancelsChildrenAndBody_scopeEndsNormally() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      taskGroup(tg -> {
        tg.createTask(child(log, "a", Duration.ofSeconds(10)));
        tg.createTask(child(log, "b", Duration.ofSeconds(1)));
        sleep(Duration.ofSeconds(2));
        tg.cancel();
        try {
          sleep(Duration.ofSeconds(100));
        } catch (CancelledError c) {
          log.add("body cancelled");
          throw c;
        }
      });
      log.add("after the scope, cancelling=" + currentTask().cancelling());
      sleep(Duration.ZERO); // not cancelled: the group withdrew its request
      return null;
    });
    assertThat(log).containsExactly("b finished", "a cancelled", "body cancelled", "after the scope, cancelling=0");
    assertThat(seconds()).isEqualTo(2);
  }

  @Test
  void cancel_fromAChild_endsTheGroupWithoutError() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      taskGroup(tg -> {
        tg.createTask(child(log, "worker", Duration.ofHours(1)));
        tg.createTask(() -> {
          sleep(Duration.ofSeconds(3));
          log.add("goal met");
          tg.cancel();
        });
      });
      log.add("done");
      return null;
    });
    assertThat(log).containsExactly("goal met", "worker cancelled", "done");
    assertThat(seconds()).isEqualTo(3);
  }

  @Test
  void cancel_whileTheParentWaitsForTheTasks_endsWithoutError() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      TaskGroup group = new TaskGroup();
      getRunningLoop().callLater(Duration.ofSeconds(5), group::cancel); // a callback may cancel it too
      group.run(tg -> tg.createTask(child(log, "worker", Duration.ofHours(1))));
      log.add("done at " + seconds());
      return null;
    });
    assertThat(log).containsExactly("worker cancelled", "done at 5.0");
  }

  @Test
  void cancel_beforeEntering_groupIsCancelledOnEntry() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      TaskGroup group = new TaskGroup();
      group.cancel();
      assertThat(currentTask().cancelling()).isZero(); // nothing happens before entry
      group.run(tg -> {
        try {
          sleep(Duration.ofHours(1));
        } catch (CancelledError c) {
          log.add("body cancelled at once");
          throw c;
        }
      });
      log.add("done, cancelling=" + currentTask().cancelling());
      return null;
    });
    assertThat(log).containsExactly("body cancelled at once", "done, cancelling=0");
    assertThat(seconds()).isZero();
  }

  @Test
  void cancel_passedToAnotherTaskBeforeEntering_remoteCancellation() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      TaskGroup group = new TaskGroup();
      AsyncTask<Void> remote = createTask(() -> {
        sleep(Duration.ofSeconds(7));
        group.cancel();
      });
      group.run(tg -> {
        tg.createTask(child(log, "server", Duration.ofHours(1)));
        sleep(Duration.ofHours(1));
      });
      log.add("stopped remotely at " + seconds());
      remote.await();
      return null;
    });
    assertThat(log).containsExactly("server cancelled", "stopped remotely at 7.0");
  }

  @Test
  void cancel_isIdempotent_andHarmlessAfterExit() {
    run(config(), () -> {
      TaskGroup group = new TaskGroup();
      group.run(tg -> {
        tg.createTask(() -> sleep(Duration.ofSeconds(10)));
        tg.cancel();
        tg.cancel();
        assertThat(currentTask().cancelling()).isEqualTo(1); // one request however often it is called
      });
      assertThat(currentTask().cancelling()).isZero();
      group.cancel();
      assertThat(currentTask().cancelling()).isZero();
      sleep(Duration.ofSeconds(1)); // not cancelled
      assertThatThrownBy(() -> group.createTask(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is finished");
      return null;
    });
    assertThat(seconds()).isEqualTo(1);
  }

  @Test
  void cancel_thenCreateTask_isRefusedAsShuttingDown() {
    run(config(), () -> {
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.cancel();
        tg.createTask(() -> 1);
      })).isInstanceOfSatisfying(ExceptionGroup.class, eg -> assertThat(eg.exceptions()).singleElement()
          .isInstanceOf(IllegalStateException.class).extracting(Throwable::getMessage).asString()
          .contains("is shutting down"));
      return null;
    });
  }

  @Test
  void cancel_aTaskFailsInItsCleanup_failureStillReported() {
    run(config(), () -> {
      assertThatThrownBy(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(Duration.ofHours(1));
          } catch (CancelledError c) {
            throw new IllegalStateException("cleanup failed");
          }
        });
        sleep(Duration.ofSeconds(1));
        tg.cancel();
      })).isInstanceOfSatisfying(ExceptionGroup.class, eg ->
          assertThat(eg.exceptions()).extracting(Throwable::getMessage).containsExactly("cleanup failed"));
      assertThat(currentTask().cancelling()).isZero();
      return null;
    });
  }

  // gh-155433: after cancel(), a cancellation from outside (here a timeout) must still come out
  @Test
  void cancel_thenAnOutsideTimeoutExpires_timeoutIsNotSwallowed() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(Duration.ofMillis(500), () -> {
        taskGroup(tg -> {
          tg.createTask(() -> {
            try {
              sleep(Duration.ofHours(1));
            } finally {
              sleep(Duration.ofSeconds(1)); // slow cleanup: the timeout expires meanwhile
            }
          });
          sleep(Duration.ofMillis(100));
          tg.cancel();
        });
        return "no error";
      })).isInstanceOf(AsyncTimeoutException.class);
      assertThat(currentTask().cancelling()).isZero();
      return null;
    });
    assertThat(seconds()).isEqualTo(1.1);
  }

  @Test
  void cancel_outsideCancellationOfTheParent_stillPropagates() {
    run(config(), () -> {
      AsyncTask<Void> parent = createTask(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(Duration.ofHours(1));
          } finally {
            sleep(Duration.ofSeconds(1));
          }
        });
        sleep(Duration.ZERO); // the child starts, so that its slow cleanup runs
        tg.cancel();
      }));
      sleep(Duration.ofMillis(500));
      parent.cancel("from outside");
      assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class);
      assertThat(parent.cancelled()).isTrue();
      return null;
    });
  }

  // gh-155418: a task that cancels the group in its eager first step, before it is even in the group
  @Test
  void cancel_byAnEagerTaskBeforeItSuspends_groupDoesNotHang() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      getRunningLoop().setTaskFactory(TaskFactory.eager());
      taskGroup(tg -> tg.createTask(() -> {
        tg.cancel();
        try {
          sleep(Duration.ofHours(1));
        } catch (CancelledError c) {
          log.add("child cancelled");
          throw c;
        }
      }));
      log.add("done at " + seconds());
      return null;
    });
    assertThat(log).containsExactly("child cancelled", "done at 0.0");
  }
}
