package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Ports of CPython 3.14's {@code test_timeouts.py} ({@code TimeoutTests}), on the virtual clock. {@code async with
 * timeout(d) as cm:} is {@code Timeout cm = timeout(d); cm.run(body)}. Python chains the exceptions of these tests
 * through {@code __context__}, which Java does not have (an exception thrown from a {@code finally} replaces the
 * one in flight); what Java can observe is asserted: the timeout's cause, and the {@link AsyncTimeoutException}
 * the timeout adds as suppressed to an error that replaced its cancellation. A busy loop ({@code time.sleep}) is
 * {@link VirtualClock#advance}, which moves time without yielding.
 */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
final class TimeoutConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private static long now() {
    return getRunningLoop().time();
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_basic
  @Test
  void timeoutBasic_expires_timeoutErrorAndExpired() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      assertThatThrownBy(() -> cm.run(() -> sleep(seconds(10)))).isInstanceOf(AsyncTimeoutException.class)
          .hasCauseInstanceOf(CancelledError.class);
      assertThat(cm.expired()).isTrue();
    });
    assertThat(clock.elapsed()).isEqualTo(seconds(0.01));
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_at_basic
  @Test
  void timeoutAtBasic_expiresAtTheDeadline_whenIsTheDeadline() {
    run(config(), () -> {
      long deadline = now() + seconds(0.01).toNanos();
      Timeout cm = timeoutAt(deadline);
      assertThatThrownBy(() -> cm.run(() -> sleep(seconds(10)))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(cm.expired()).isTrue();
      assertThat(cm.when()).isEqualTo(deadline);
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_nested_timeouts — both expire together: only the outermost raises
  @Test
  void nestedTimeouts_sameDeadline_innerPassesTheCancellation_outerRaises() {
    boolean[] cancelled = {false};
    run(config(), () -> {
      long deadline = now() + seconds(0.01).toNanos();
      Timeout cm1 = timeoutAt(deadline);
      Timeout cm2 = timeoutAt(deadline);
      assertThatThrownBy(() -> cm1.run(() -> {
        try {
          cm2.run(() -> sleep(seconds(10)));
        } catch (CancelledError c) {
          cancelled[0] = true;
          throw c;
        }
      })).isInstanceOf(AsyncTimeoutException.class);
      assertThat(cm1.expired()).isTrue();
      assertThat(cm2.expired()).isTrue();
    });
    assertThat(cancelled[0]).isTrue();
  }

  // CPython: test_timeouts.py TimeoutTests.test_waiter_cancelled
  @Test
  void waiterCancelled_bodySeesCancelledError() {
    boolean[] cancelled = {false};
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> {
        try {
          sleep(seconds(10));
        } catch (CancelledError c) {
          cancelled[0] = true;
          throw c;
        }
      })).isInstanceOf(AsyncTimeoutException.class);
    });
    assertThat(cancelled[0]).isTrue();
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_not_called
  @Test
  void timeoutNotCalled_bodyFinishesFirst_notExpired() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(10));
      cm.run(() -> sleep(seconds(0.01)));
      long t1 = now();
      assertThat(cm.expired()).isFalse();
      assertThat(cm.when()).isGreaterThan(t1);
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_disabled
  @Test
  void timeoutDisabled_noDeadline() {
    run(config(), () -> {
      Timeout cm = timeout(null);
      cm.run(() -> sleep(seconds(0.01)));
      assertThat(cm.expired()).isFalse();
      assertThat(cm.when()).isNull();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_at_disabled
  @Test
  void timeoutAtDisabled_noDeadline() {
    run(config(), () -> {
      Timeout cm = timeoutAt(null);
      cm.run(() -> sleep(seconds(0.01)));
      assertThat(cm.expired()).isFalse();
      assertThat(cm.when()).isNull();
    });
  }

  /** Upstream's zero and past deadlines: expired, with the deadline at or before the time it ended. */
  private static void assertExpiresAtOnce(Duration delay, Duration bodySleep) {
    long t0 = now();
    Timeout cm = timeout(delay);
    assertThatThrownBy(() -> cm.run(() -> sleep(bodySleep))).isInstanceOf(AsyncTimeoutException.class);
    long t1 = now();
    assertThat(cm.expired()).isTrue();
    assertThat(cm.when()).isLessThanOrEqualTo(t1);
    if (delay.isNegative()) {
      assertThat(cm.when()).isLessThanOrEqualTo(t0);
    } else {
      assertThat(cm.when()).isGreaterThanOrEqualTo(t0);
    }
    assertThat(t1).isEqualTo(t0); // it expired in the next tick, not after the body's sleep
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_zero
  @Test
  void timeoutZero_expiresAtOnce() {
    run(config(), () -> assertExpiresAtOnce(Duration.ZERO, seconds(10)));
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_zero_sleep_zero
  @Test
  void timeoutZeroSleepZero_expiresAtTheFirstYield() {
    run(config(), () -> assertExpiresAtOnce(Duration.ZERO, Duration.ZERO));
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_in_the_past_sleep_zero
  @Test
  void timeoutInThePastSleepZero_expiresAtTheFirstYield() {
    run(config(), () -> assertExpiresAtOnce(seconds(-11), Duration.ZERO));
  }

  // CPython: test_timeouts.py TimeoutTests.test_foreign_exception_passed — KeyError is NoSuchElementException here
  @Test
  void foreignExceptionPassed_unchanged_notExpired() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      NoSuchElementException keyError = new NoSuchElementException("key");
      assertThatThrownBy(() -> cm.run(() -> {
        throw keyError;
      })).isSameAs(keyError);
      assertThat(keyError.getSuppressed()).isEmpty();
      assertThat(cm.expired()).isFalse();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_exception_context — the cleanup's await is cancelled:
  // TimeoutError caused by that CancelledError (the ZeroDivisionError it replaced has no trace in Java)
  @Test
  void timeoutExceptionContext_cleanupAwaitCancelled_timeoutCausedByCancelledError() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> {
        try {
          throw new ArithmeticException("/ by zero");
        } finally {
          sleep(seconds(1));
        }
      })).isInstanceOf(AsyncTimeoutException.class).cause().isInstanceOf(CancelledError.class).hasNoCause();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_foreign_exception_on_timeout — an error raised while the body is
  // cancelled for the timeout comes out as it is, with the timeout recorded in it
  @Test
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  void foreignExceptionOnTimeout_cleanupFails_itsErrorComesOutMarkedWithTheTimeout() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> {
        try {
          sleep(seconds(1));
        } finally {
          throw new ArithmeticException("/ by zero");
        }
      })).isInstanceOf(ArithmeticException.class).hasNoCause()
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(AsyncTimeoutException.class));
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_foreign_exception_on_timeout_2 — the last error raised in the
  // cleanup comes out (KeyError then ZeroDivisionError in upstream), marked with the timeout
  @Test
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  void foreignExceptionOnTimeout2_nestedCleanups_lastErrorComesOutMarked() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> {
        try {
          try {
            throw new IllegalArgumentException("value");
          } finally {
            sleep(seconds(1));
          }
        } finally {
          try {
            throw new NoSuchElementException("key");
          } finally {
            throw new ArithmeticException("/ by zero");
          }
        }
      })).isInstanceOf(ArithmeticException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(AsyncTimeoutException.class));
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired — the task's own
  // cancel inside the scope: delivered at the next await, at once; the scope does not expire
  @Test
  void foreignCancelDoesntTimeoutIfNotExpired_ownCancelStaysACancellation() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(10));
      assertThatThrownBy(() -> cm.run(() -> {
        currentTask().cancel();
        sleep(seconds(10));
      })).isInstanceOf(CancelledError.class);
      assertThat(cm.expired()).isFalse();
      assertThat(currentTask().uncancel()).isZero(); // the request was the test's own; withdraw it
    });
    assertThat(clock.elapsed()).isZero();
  }

  // A cancellation from another task, inside an unexpired timeout: the same, delivered at once.
  @Test
  void cancelFromAnotherTask_insideUnexpiredTimeout_staysACancellation_notExpired() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(10));
      AsyncTask<Void> worker = createTask(() -> cm.run(() -> sleep(seconds(100))));
      sleep(seconds(1));
      worker.cancel("from outside");
      assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class);
      assertThat(worker.cancelled()).isTrue();
      assertThat(cm.expired()).isFalse();
      assertThat(cm.toString()).isEqualTo("Timeout[finished]");
    });
    assertThat(clock.elapsed()).isEqualTo(seconds(1));
  }

  // CPython: test_timeouts.py TimeoutTests.test_outer_task_is_not_cancelled
  @Test
  void outerTaskIsNotCancelled_timeoutHandledInside_taskEndsNormally() {
    run(config(), () -> {
      AsyncTask<Void> task = createTask(() -> {
        assertThatThrownBy(() -> timeout(seconds(0.001)).run(() -> sleep(seconds(10))))
            .isInstanceOf(AsyncTimeoutException.class);
      });
      task.await();
      assertThat(task.cancelled()).isFalse();
      assertThat(task.done()).isTrue();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_nested_timeouts_concurrent — the outer deadline passes while the
  // task is busy: the outer timeout reports it, the inner one passes the cancellation through
  @Test
  void nestedTimeoutsConcurrent_outerPassesWhileBusy_outerRaises() {
    run(config(), () -> {
      Timeout outer = timeout(seconds(0.002));
      Timeout inner = timeout(seconds(0.1));
      assertThatThrownBy(() -> outer.run(() -> inner.run(() -> {
        clock.advance(seconds(0.01)); // pretend we crunch some numbers
        sleep(seconds(1));
      }))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(outer.expired()).isTrue();
      assertThat(inner.expired()).isFalse();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_nested_timeouts_loop_busy — both deadlines pass while the loop is
  // busy: both cancel, only the outer reports, and well within a second
  @Test
  void nestedTimeoutsLoopBusy_bothPassWhileBusy_outerRaisesAtOnce() {
    run(config(), () -> {
      long t0 = now();
      Timeout outer = timeout(seconds(0.1));
      Timeout inner = timeout(seconds(0.01));
      assertThatThrownBy(() -> outer.run(() -> {
        try {
          inner.run(() -> {
            clock.advance(seconds(0.1)); // pretend the loop is busy for a while
            sleep(seconds(1));
          });
        } catch (AsyncTimeoutException e) {
          sleep(seconds(10)); // this sleep should be interrupted by the outer timeout
        }
      })).isInstanceOf(AsyncTimeoutException.class);
      long t1 = now();
      assertThat(t1).isBetween(t0, t0 + seconds(1).toNanos());
      assertThat(inner.expired()).isTrue();
      assertThat(outer.expired()).isTrue();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_reschedule — another task moves and removes the deadline
  @Test
  void reschedule_fromAnotherTask_movesAndRemovesTheDeadline() {
    run(config(), () -> {
      AsyncFuture<Timeout> fut = getRunningLoop().createFuture();
      long deadline1 = now() + seconds(10).toNanos();
      long deadline2 = deadline1 + seconds(20).toNanos();
      AsyncTask<Void> task = createTask(() -> {
        Timeout cm = timeoutAt(deadline1);
        cm.run(() -> {
          fut.setResult(cm);
          sleep(seconds(50));
        });
      });
      Timeout cm = fut.await();
      assertThat(cm.when()).isEqualTo(deadline1);
      cm.reschedule(deadline2);
      assertThat(cm.when()).isEqualTo(deadline2);
      cm.reschedule(null);
      assertThat(cm.when()).isNull();
      task.cancel();
      assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
      assertThat(cm.expired()).isFalse();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_repr_active
  @Test
  void reprActive_showsTheDeadline() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(10));
      cm.run(() -> assertThat(cm.toString()).matches("Timeout\\[active when=\\d+]"));
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_repr_expired
  @Test
  void reprExpired() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      assertThatThrownBy(() -> cm.run(() -> sleep(seconds(10)))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(cm.toString()).isEqualTo("Timeout[expired]");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_repr_finished
  @Test
  void reprFinished() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(10));
      cm.run(() -> sleep(Duration.ZERO));
      assertThat(cm.toString()).isEqualTo("Timeout[finished]");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_repr_disabled
  @Test
  void reprDisabled() {
    run(config(), () -> {
      Timeout cm = timeout(null);
      cm.run(() -> assertThat(cm.toString()).isEqualTo("Timeout[active when=null]"));
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_nested_timeout_in_finally — a timeout in the cleanup of an
  // expired one works, with a cancellation of its own
  @Test
  void nestedTimeoutInFinally_innerTimeoutInTheCleanupWorks() {
    List<Throwable> inner = new ArrayList<>();
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> {
        try {
          sleep(seconds(1));
        } finally {
          assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> sleep(seconds(10))))
              .isInstanceOf(AsyncTimeoutException.class).satisfies(inner::add);
        }
      })).isInstanceOf(AsyncTimeoutException.class).satisfies(e1 -> {
        assertThat(e1.getCause()).isInstanceOf(CancelledError.class);
        assertThat(inner).singleElement().satisfies(e2 -> {
          assertThat(e2.getCause()).isInstanceOf(CancelledError.class).isNotSameAs(e1.getCause());
        });
      });
    });
    assertThat(clock.elapsed()).isEqualTo(seconds(0.02));
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_after_cancellation — a cancellation caught (not withdrawn)
  // before the scope does not stop a timeout in the cleanup from reporting its own expiry
  @Test
  void timeoutAfterCancellation_timeoutInTheCleanupStillRaisesTimeout() {
    run(config(), () -> {
      try {
        currentTask().cancel();
        sleep(seconds(1)); // work which will be cancelled
      } catch (CancelledError c) {
        // swallowed, as upstream does
      } finally {
        assertThatThrownBy(() -> timeout(Duration.ZERO).run(() -> sleep(seconds(1))))
            .isInstanceOf(AsyncTimeoutException.class);
      }
      currentTask().uncancel();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_cancel_in_timeout_after_cancellation
  @Test
  void cancelInTimeoutAfterCancellation_ownCancelInTheCleanupStaysACancellation() {
    run(config(), () -> {
      try {
        currentTask().cancel();
        sleep(seconds(1));
      } catch (CancelledError c) {
        // swallowed, as upstream does
      } finally {
        assertThatThrownBy(() -> timeout(seconds(1)).run(() -> {
          currentTask().cancel();
          sleep(seconds(2)); // some cleanup
        })).isInstanceOf(CancelledError.class);
      }
      currentTask().uncancel();
      currentTask().uncancel();
    });
    assertThat(clock.elapsed()).isZero();
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_already_entered
  @Test
  void timeoutAlreadyEntered_runInsideItsOwnBody_refused() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      cm.run(() -> assertThatThrownBy(() -> cm.run(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has already been entered"));
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_double_enter
  @Test
  void timeoutDoubleEnter_secondRunRefused() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      cm.run(() -> 1);
      assertThatThrownBy(() -> cm.run(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has already been entered");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_finished
  @Test
  void timeoutFinished_rescheduleRefused() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      cm.run(() -> 1);
      assertThatThrownBy(() -> cm.reschedule(now())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("finished");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_expired
  @Test
  void timeoutExpired_rescheduleRefused() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      assertThatThrownBy(() -> cm.run(() -> sleep(seconds(1)))).isInstanceOf(AsyncTimeoutException.class);
      assertThatThrownBy(() -> cm.reschedule(now())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("expired");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_expiring — the body swallowed the timeout's cancellation:
  // the scope is expiring, cannot be rescheduled, and ends without an error
  @Test
  void timeoutExpiring_rescheduleRefused_swallowedCancellationEndsNormally() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      String value = cm.run(() -> {
        assertThatThrownBy(() -> sleep(seconds(1))).isInstanceOf(CancelledError.class);
        assertThatThrownBy(() -> cm.reschedule(now())).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("expiring");
        return "value";
      });
      assertThat(value).isEqualTo("value");
      assertThat(cm.expired()).isTrue();
      assertThat(currentTask().cancelling()).isZero();
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_not_entered
  @Test
  void timeoutNotEntered_rescheduleRefused() {
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      assertThatThrownBy(() -> cm.reschedule(now())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has not been entered");
    });
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_without_task — run() from a callback is refused and
  // leaves the timeout not entered
  @Test
  void timeoutWithoutTask_refusedInACallback_staysNotEntered() {
    List<Throwable> errors = new ArrayList<>();
    run(config(), () -> {
      Timeout cm = timeout(seconds(0.01));
      AsyncFuture<Void> done = getRunningLoop().createFuture();
      getRunningLoop().callSoon(() -> {
        try {
          cm.run(() -> 1);
        } catch (IllegalStateException e) {
          errors.add(e);
        }
        done.setResult(null);
      });
      done.await();
      assertThatThrownBy(() -> cm.reschedule(now())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has not been entered");
    });
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("task");
  }

  // CPython: test_timeouts.py TimeoutTests.test_timeout_taskgroup — a task group inside an expired timeout whose
  // task fails in its cleanup: the group comes out, marked with the timeout, as is its member
  @Test
  @SuppressWarnings("finally") // upstream raises from a cleanup on purpose: the new error replaces the old
  void timeoutTaskgroup_childFailsInCleanup_groupComesOutMarkedWithTheTimeout() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(seconds(0.01)).run(() -> taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            sleep(seconds(2)); // will be interrupted after 0.01 second
          } finally {
            throw new ArithmeticException("/ by zero"); // crash in cleanup
          }
        });
        try {
          throw new IllegalArgumentException("value");
        } finally {
          sleep(seconds(1));
        }
      }))).isInstanceOfSatisfying(ExceptionGroup.class, eg -> {
        assertThat(eg.getSuppressed()).hasAtLeastOneElementOfType(AsyncTimeoutException.class);
        assertThat(eg.exceptions()).singleElement().isInstanceOf(ArithmeticException.class)
            .satisfies(e1 -> assertThat(e1.getSuppressed()).singleElement()
                .isInstanceOf(AsyncTimeoutException.class));
      });
      assertThat(currentTask().cancelling()).isZero();
      sleep(Duration.ZERO); // not cancelled
    });
    assertThat(clock.elapsed()).isEqualTo(seconds(0.01));
  }
}
