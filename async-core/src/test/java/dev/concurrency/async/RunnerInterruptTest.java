package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.concurrency.async.testing.CpuGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Runner} and {@link AsyncIO#run} under interrupts of their thread: the analogue of asyncio.Runner's SIGINT
 * handling (see {@link LoopInterrupts}). A {@link CancelledError} caused by an {@link InterruptedException} plays
 * {@code KeyboardInterrupt}. The timeout runs on a separate thread: a hung loop cannot stop a timeout on its own.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class RunnerInterruptTest {

  private final List<ErrorContext> reported = new ArrayList<>();

  @AfterEach
  void clearOwnStatus() {
    Thread.interrupted(); // a failed assertion must not leave the status set for the next test
  }

  private EventLoop.Builder virtualTime() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing()).exceptionHandler((l, c) -> reported.add(c));
  }

  // CPython: test_runners.py RunnerTests.test_interrupt_call_soon
  @Test
  void interrupt_whileMainOnlyYields_cancelsMain_runThrowsWithAnInterruptedCause() {
    AtomicBoolean mainSawTheCancellation = new AtomicBoolean();
    Thread home = Thread.currentThread();
    // the system clock: main never lets the loop idle, so a virtual clock would never reach the timer
    try (Runner runner = new Runner()) {
      runner.getLoop().callLater(Duration.ofMillis(100), home::interrupt);
      assertThatThrownBy(() -> runner.run(() -> {
        try {
          while (true) {
            sleep(Duration.ZERO);
          }
        } catch (CancelledError e) {
          mainSawTheCancellation.set(true);
        }
        throw new CancelledError();
      })).isInstanceOf(CancelledError.class).hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).as("the interrupt status is set again").isTrue();
    }
    assertThat(mainSawTheCancellation).isTrue();
  }

  // CPython: test_runners.py RunnerTests.test_interrupt_wait
  @Test
  void interrupt_whileMainAwaitsAFuture_cancelsBoth_runThrowsWithAnInterruptedCause() {
    Thread home = Thread.currentThread();
    AtomicBoolean mainSawTheCancellation = new AtomicBoolean();
    try (Runner runner = new Runner(virtualTime())) {
      AsyncFuture<Void> fut = runner.getLoop().createFuture();
      runner.getLoop().callLater(Duration.ofMillis(100), home::interrupt);
      CancelledError error = catchThrowableOfType(CancelledError.class, () -> runner.run(() -> {
        try {
          fut.await();
        } catch (CancelledError e) {
          mainSawTheCancellation.set(true);
        }
        throw new CancelledError();
      }));
      assertThat(error).hasCauseInstanceOf(InterruptedException.class).hasMessageContaining("main task");
      assertThat(error.getSuppressed()).as("the main task's own cancellation").hasSize(1);
      assertThat(Thread.interrupted()).isTrue();
      assertThat(fut.cancelled()).isTrue();
    }
    assertThat(mainSawTheCancellation).isTrue();
  }

  // CPython: test_runners.py RunnerTests.test_interrupt_cancelled_task
  @Test
  void interrupt_ofAMainTaskCancelledAlready_isNoKeyboardInterrupt_butTheStatusIsKept() {
    Thread home = Thread.currentThread();
    try (Runner runner = new Runner(virtualTime())) {
      CancelledError error = catchThrowableOfType(CancelledError.class, () -> runner.run(() -> {
        AsyncTask<?> main = currentTask();
        createTask(() -> {
          sleep(Duration.ZERO);
          main.cancel();
          home.interrupt();
        });
        sleep(Duration.ofSeconds(10));
        return null;
      }));
      assertThat(error).isNotNull();
      assertThat(error.getCause()).as("a plain cancellation: main was cancelled by someone else too").isNull();
      assertThat(Thread.interrupted()).as("the interrupt is not lost").isTrue();
    }
  }

  @Test
  void run_interruptedBeforeTheCall_mainNeverRuns_throwsWithAnInterruptedCause() {
    AtomicBoolean ran = new AtomicBoolean();
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> run(virtualTime(), () -> ran.set(true)))
        .isInstanceOf(CancelledError.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void run_mainHandlesTheCancellationAndReturns_itsResultIsReturned_statusSet() {
    Thread home = Thread.currentThread();
    String result = run(virtualTime(), () -> {
      try {
        home.interrupt();
        getRunningLoop().createFuture().await(); // forever, but for the cancellation
        return "not reached";
      } catch (CancelledError e) {
        currentTask().uncancel();
        return "handled";
      }
    });
    assertThat(result).as("asyncio.Runner raises KeyboardInterrupt only for a main task that ends cancelled")
        .isEqualTo("handled");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void run_interruptCancelsMain_thenCloseCancelsTheOtherTasks_uncutByTheStatus() {
    Thread home = Thread.currentThread();
    AtomicReference<AsyncTask<Void>> child = new AtomicReference<>();
    List<String> cleanedUp = new ArrayList<>();
    assertThatThrownBy(() -> run(virtualTime(), () -> {
      child.set(createTask(() -> {
        try {
          getRunningLoop().createFuture().await();
        } finally {
          sleep(Duration.ofSeconds(1)); // a clean-up that needs the loop: close must still run it
          cleanedUp.add("child");
        }
      }));
      try {
        sleep(Duration.ZERO);
        home.interrupt();
        getRunningLoop().createFuture().await();
      } finally {
        cleanedUp.add("main");
      }
    })).hasCauseInstanceOf(InterruptedException.class);

    assertThat(Thread.interrupted()).isTrue();
    assertThat(cleanedUp).containsExactly("main", "child");
    assertThat(child.get().cancelled()).isTrue();
    assertThat(reported).isEmpty();
  }

  @Test
  void secondInterrupt_whileMainCleansUp_stopsTheLoop_closeThenCancelsMainAgain() {
    Thread home = Thread.currentThread();
    AtomicReference<AsyncTask<?>> main = new AtomicReference<>();
    List<String> events = new ArrayList<>();
    Runner runner = new Runner(virtualTime());
    assertThatThrownBy(() -> runner.run(() -> {
      main.set(currentTask());
      try {
        home.interrupt();
        getRunningLoop().createFuture().await();
      } catch (CancelledError first) {
        events.add("first cancellation");
        try {
          home.interrupt(); // a second Ctrl-C while main cleans up
          getRunningLoop().createFuture().await();
        } catch (CancelledError second) {
          events.add("cancelled by close");
          throw second;
        }
      }
      return null;
    })).isInstanceOf(CancelledError.class).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(main.get().done()).as("the loop stopped with main still pending").isFalse();

    Thread.currentThread().interrupt(); // pending when close starts: close still waits for the clean-up
    runner.close();

    assertThat(Thread.interrupted()).isTrue();
    assertThat(events).containsExactly("first cancellation", "cancelled by close");
    assertThat(main.get().cancelled()).isTrue();
    assertThat(reported).isEmpty();
  }

  @Test
  void interruptWhileCloseWaits_closesTheLoopAtOnce_reportingWhatIsPending_andThrows() {
    Thread home = Thread.currentThread();
    Runner runner = new Runner(virtualTime());
    assertThatThrownBy(() -> runner.run(() -> {
      for (int i = 1; i <= 3; i++) { // a main task that ignores three cancellations, interrupting each time
        try {
          home.interrupt();
          getRunningLoop().createFuture().await();
        } catch (CancelledError ignored) {
          // deliberately swallowed: the test's point
        }
      }
      return null;
    })).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();

    assertThatThrownBy(runner::close) // its cancellation makes main interrupt this thread a third time
        .isInstanceOf(CancelledError.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(reported).extracting(ErrorContext::message).containsExactly("Task was destroyed but it is pending");
    assertThatThrownBy(runner::getLoop).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void homeThread_afterItsInterruptWasTaken_waitsForTheMainTaskWithoutSpinning() {
    Thread home = Thread.currentThread();
    assertThatThrownBy(() -> run(() -> { // the system clock: the clean-up really takes 500 ms
      try {
        home.interrupt();
        getRunningLoop().createFuture().await();
      } catch (CancelledError e) {
        CpuGauge gauge = CpuGauge.start(home);
        sleep(Duration.ofMillis(500)); // home waits for the baton meanwhile, its interrupt taken
        gauge.assertNoSpin("the home thread and the loop during the main task's 500 ms clean-up");
        throw e;
      }
    })).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
  }
}
