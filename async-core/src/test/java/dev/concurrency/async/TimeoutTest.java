package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
final class TimeoutTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  // CPython test_timeouts.py: test_timeout_basic
  @Test
  void timeout_expires_throwsTimeoutAtDeadline() {
    run(config(), () -> {
      Timeout t = timeout(Duration.ofSeconds(1));
      assertThatThrownBy(() -> t.run(() -> {
        sleep(Duration.ofSeconds(10));
        return null;
      })).isInstanceOf(AsyncTimeoutException.class).hasCauseInstanceOf(CancelledError.class);
      assertThat(t.expired()).isTrue();
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
      assertThat(currentTask().cancelling()).isZero();
      return null;
    });
  }

  // CPython test_timeouts.py: test_timeout_not_called
  @Test
  void timeout_bodyFinishesInTime_returnsValue() {
    String v = run(config(), () -> timeout(Duration.ofSeconds(5), () -> {
      sleep(Duration.ofSeconds(1));
      return "in time";
    }));
    assertThat(v).isEqualTo("in time");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  // CPython test_timeouts.py: test_timeout_disabled / test_timeout_zero
  @Test
  void timeout_nullNeverExpires_zeroExpiresAtOnce() {
    run(config(), () -> {
      Timeout never = timeout(null);
      assertThat(never.when()).isNull();
      never.run(() -> {
        sleep(Duration.ofSeconds(3));
        return null;
      });
      assertThat(never.expired()).isFalse();
      assertThatThrownBy(() -> timeout(Duration.ZERO, () -> {
        sleep(Duration.ofSeconds(1));
        return null;
      })).isInstanceOf(AsyncTimeoutException.class);
      return null;
    });
  }

  // CPython test_timeouts.py: test_nested_timeouts — the inner one that expires reports, the outer does not
  @Test
  void nestedTimeouts_innerExpires_outerContinues() {
    List<String> log = new ArrayList<>();
    run(config(), () -> timeout(Duration.ofSeconds(10), () -> {
      try {
        timeout(Duration.ofSeconds(1), () -> {
          sleep(Duration.ofSeconds(5));
          return null;
        });
      } catch (AsyncTimeoutException e) {
        log.add("inner timed out");
      }
      sleep(Duration.ofSeconds(1));
      log.add("outer still fine");
      return null;
    }));
    assertThat(log).containsExactly("inner timed out", "outer still fine");
  }

  // CPython test_timeouts.py: test_nested_timeouts_concurrent — both expire at once: only the outer reports
  @Test
  void nestedTimeouts_outerExpires_surfacesAsOuterTimeout() {
    run(config(), () -> {
      Timeout outer = timeout(Duration.ofSeconds(1));
      assertThatThrownBy(() -> outer.run(() -> timeout(Duration.ofSeconds(10), () -> {
        sleep(Duration.ofSeconds(5));
        return null;
      }))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(outer.expired()).isTrue();
      return null;
    });
  }

  // CPython test_timeouts.py: test_outer_task_is_not_cancelled / cancellation from outside is not a timeout
  @Test
  void outsideCancellation_propagatesAsCancellation() {
    run(config(), () -> {
      AsyncTask<Void> worker = createTask(() -> timeout(Duration.ofSeconds(10), () -> {
        sleep(Duration.ofSeconds(5));
        return null;
      }));
      sleep(Duration.ofSeconds(1));
      worker.cancel();
      assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class);
      return null;
    });
  }

  // CPython test_timeouts.py: test_reschedule / test_timeout_at_basic
  @Test
  void reschedule_movesDeadline() {
    run(config(), () -> {
      EventLoop loop = getRunningLoop();
      Timeout t = timeoutAt(null);
      assertThatThrownBy(() -> t.reschedule(1L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been entered");
      assertThatThrownBy(() -> t.run(() -> {
        t.reschedule(loop.time() + Duration.ofSeconds(2).toNanos());
        assertThat(t.when()).isEqualTo(Duration.ofSeconds(2).toNanos());
        sleep(Duration.ofSeconds(1));
        t.reschedule(loop.time() + Duration.ofSeconds(3).toNanos());
        sleep(Duration.ofSeconds(10));
        return null;
      })).isInstanceOf(AsyncTimeoutException.class);
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
      assertThatThrownBy(() -> t.reschedule(null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
      assertThatThrownBy(() -> t.run(() -> null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
      assertThat(t.toString()).contains("expired");
      return null;
    });
  }

  // CPython test_timeouts.py: test_foreign_exception_passed — body errors pass through unchanged
  @Test
  void bodyFails_errorPassesThrough() {
    run(config(), () -> {
      assertThatThrownBy(() -> timeout(Duration.ofSeconds(1), () -> {
        throw new IllegalStateException("own error");
      })).isInstanceOf(IllegalStateException.class).hasMessage("own error");
      return null;
    });
  }

  // CPython test_waitfor.py: test_wait_for / test_wait_for_waits_for_task_cancellation
  @Test
  void waitFor_timeout_cancelsInnerAndWaitsForIt() {
    List<String> log = new ArrayList<>();
    run(config(), () -> {
      AsyncTask<String> inner = createTask(() -> {
        try {
          sleep(Duration.ofSeconds(10));
          return "late";
        } finally {
          log.add("inner cleaned up");
        }
      });
      assertThatThrownBy(() -> waitFor(inner, Duration.ofSeconds(1))).isInstanceOf(AsyncTimeoutException.class);
      log.add("waitFor returned");
      assertThat(inner.cancelled()).isTrue();
      return null;
    });
    assertThat(log).containsExactly("inner cleaned up", "waitFor returned");
  }

  // CPython test_waitfor.py: test_wait_for_blocking / test_wait_for_timeout_less_then_0_or_0
  @Test
  void waitFor_inTime_noneAndZeroTimeouts() {
    run(config(), () -> {
      assertThat(waitFor(() -> {
        sleep(Duration.ofSeconds(1));
        return "ok";
      }, Duration.ofSeconds(2))).isEqualTo("ok");
      assertThat(waitFor(() -> "no limit", null)).isEqualTo("no limit");
      AsyncFuture<String> done = getRunningLoop().createFuture();
      done.setResult("already");
      assertThat(waitFor(done, Duration.ZERO)).isEqualTo("already");
      AsyncTask<String> pending = createTask(() -> {
        sleep(Duration.ofSeconds(1));
        return "x";
      });
      assertThatThrownBy(() -> waitFor(pending, Duration.ofSeconds(-1))).isInstanceOf(AsyncTimeoutException.class);
      assertThat(pending.cancelled()).isTrue();
      return null;
    });
  }
}
