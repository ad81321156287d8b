package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.internal.IoWaiter;
import dev.concurrency.async.testing.CpuGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interrupts of the threads that wait in a loop (see {@link LoopInterrupts}): the home thread of a bare {@code
 * runForever}/{@code runUntilComplete}, whose interrupt stops the loop at the next tick boundary, and a task's
 * own thread, whose interrupt status is kept for the task's code. Never a spin, never a lost interrupt, never a
 * hang. The timeout runs on a separate thread: a hung loop cannot stop a timeout on its own thread.
 *
 * <p>For the default scheduler, where tasks have threads of their own; {@code ContinuationsTest} covers what
 * differs under the experimental one (a task's thread is the loop's there).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LoopInterruptTest {

  @AfterEach
  void clearOwnStatus() {
    Thread.interrupted(); // a failed assertion must not leave the status set for the next test
  }

  // ---------------------------------------------------------------- the home thread of a bare loop

  @Test
  void runForever_interruptedBeforeTheCall_runsNothing_throwsWithAnInterruptedCause_statusStaysSet() {
    EventLoop loop = EventLoop.create();
    List<String> ran = new ArrayList<>();
    loop.callSoon(() -> ran.add("callback"));
    Thread.currentThread().interrupt();

    assertThatThrownBy(loop::runForever)
        .isInstanceOf(CancelledError.class)
        .hasMessageContaining("was interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the interrupt status is set again").isTrue();
    assertThat(ran).as("the loop stopped before its first tick").isEmpty();
    assertThat(loop.isRunning()).isFalse();

    loop.callSoon(loop::stop);
    loop.runForever(); // nothing was lost: the callback runs in the next run
    assertThat(ran).containsExactly("callback");
    loop.close();
  }

  // CPython: test_events.py EventLoopTestsMixin.test_signal_handling_while_selecting — the interrupt plays the signal
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"parked", "selecting"})
  void runForever_interruptedInItsIdleWait_stopsAtOnce_notAtItsTimer(String idleWait) throws Exception {
    EventLoop loop = EventLoop.create();
    if (idleWait.equals("selecting")) {
      IoWaiter.of(loop).selector(); // from now on the idle wait is Selector.select(timeout)
    }
    loop.callLater(Duration.ofHours(1), loop::stop);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> statusAfter = new CompletableFuture<>();
    Thread home = Thread.ofPlatform().name("home").start(() -> {
      try {
        loop.runForever();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
      statusAfter.complete(Thread.currentThread().isInterrupted());
    });
    awaitTrue("the loop is in its idle wait", () -> loop.isRunning() && loop.busyThread() == null);

    home.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancelledError.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(statusAfter.get(10, TimeUnit.SECONDS)).isTrue();
    home.join();
    loop.close();
  }

  @Test
  void runUntilComplete_interruptedWhileATaskHoldsTheBaton_stopsAtTheNextTick_theFutureStaysUsable() throws Exception {
    EventLoop loop = EventLoop.create();
    AsyncFuture<Integer> gate = loop.createFuture();
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    AsyncTask<Integer> task = loop.createTask(() -> {
      waiting.complete(null);
      return gate.await() + 1;
    });
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread home = Thread.ofPlatform().name("home").start(() -> {
      try {
        loop.runUntilComplete(task);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    waiting.get(10, TimeUnit.SECONDS);
    awaitTrue("the task's thread idles, holding the baton", () -> loop.busyThread() == null);

    home.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancelledError.class)
        .hasCauseInstanceOf(InterruptedException.class);
    home.join();
    assertThat(task.done()).as("a bare loop's interrupt cancels nothing (asyncio's KeyboardInterrupt neither)")
        .isFalse();
    loop.callSoon(() -> gate.setResult(41));
    assertThat(loop.runUntilComplete(task)).isEqualTo(42);
    loop.close();
  }

  @Test
  void aCallbackInterruptsTheHomeThread_itsTickFinishes_theNextDoesNotStart() {
    EventLoop loop = EventLoop.create();
    Thread home = Thread.currentThread();
    List<String> ran = new ArrayList<>();
    loop.callSoon(() -> {
      ran.add("a");
      home.interrupt();
      loop.callSoon(() -> ran.add("c"));
    });
    loop.callSoon(() -> ran.add("b"));

    assertThatThrownBy(loop::runForever).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(ran).containsExactly("a", "b");

    loop.callSoon(loop::stop);
    loop.runForever();
    assertThat(ran).containsExactly("a", "b", "c");
    loop.close();
  }

  @Test
  void interruptInTheLastTick_isLeftForTheCaller_theRunEndsNormally() {
    EventLoop loop = EventLoop.create();
    Thread home = Thread.currentThread();
    AsyncTask<String> task = loop.createTask(() -> {
      sleep(Duration.ZERO);
      return "done";
    });
    task.addDoneCallback(t -> home.interrupt()); // after the stopper: the loop stops at the end of this tick anyway

    assertThat(loop.runUntilComplete(task)).isEqualTo("done");
    assertThat(Thread.interrupted()).isTrue();
    loop.close();
  }

  // ---------------------------------------------------------------- a task's own thread

  @Test
  void taskInterruptsItself_itsAwaitWaitsWithoutSpinning_andItKeepsItsStatus() {
    Thread home = Thread.currentThread();
    boolean statusAfterAwait = run(() -> {
      Thread.currentThread().interrupt();
      CpuGauge gauge = CpuGauge.start(home);
      sleep(Duration.ofMillis(500)); // the system clock: the loop really waits, on this task's thread
      gauge.assertNoSpin("a loop waiting 500 ms for a timer on an interrupted task's thread");
      return Thread.currentThread().isInterrupted();
    });

    assertThat(statusAfterAwait).as("the task's code gets its interrupt status back").isTrue();
    assertThat(Thread.currentThread().isInterrupted()).as("the home thread is not touched").isFalse();
  }

  @Test
  void taskThreadsInterruptedByAnotherThreadWhileTheyWait_theyGetTheirStatusBack_theLoopGoesOn() {
    EventLoop loop = EventLoop.create();
    AtomicReference<Thread> otherThread = new AtomicReference<>();
    List<Boolean> statuses = loop.runUntilComplete(loop.createTask(() -> {
      Thread mine = Thread.currentThread();
      AsyncFuture<Void> gate = getRunningLoop().createFuture();
      AsyncTask<Boolean> other = createTask(() -> {
        otherThread.set(Thread.currentThread());
        gate.await(); // parked until the baton comes back to it
        return Thread.currentThread().isInterrupted();
      });
      sleep(Duration.ZERO); // other starts and suspends
      // this task's thread now runs the loop's idle wait; other's thread is parked in the baton hand-over
      ThreadBridge.toThread(() -> {
        otherThread.get().interrupt();
        mine.interrupt();
        return null;
      });
      boolean mainStatus = Thread.interrupted(); // read and cleared: the rest runs with a clear status
      gate.setResult(null);
      boolean otherStatus = other.await();
      sleep(Duration.ofMillis(1));
      return List.of(mainStatus, otherStatus, Thread.currentThread().isInterrupted());
    }));

    assertThat(statuses).containsExactly(true, true, false);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    loop.close();
  }

  @Test
  void eagerStart_theCreatorsThreadInterruptedDuringTheFirstStep_keepsItsStatus() {
    boolean creatorStatus = run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      Thread creator = Thread.currentThread();
      AsyncTask<Void> eager = AsyncTask.create(getRunningLoop(), () -> {
        creator.interrupt(); // the creator waits in the baton hand-over meanwhile
        sleep(Duration.ZERO);
        return null;
      }, TaskOptions.defaults().withEagerStart(true));
      boolean status = Thread.interrupted();
      eager.await();
      return status;
    });
    assertThat(creatorStatus).isTrue();
  }

  @Test
  void callbacksRunOnATasksThread_doNotSeeTheTasksStatus() {
    List<Boolean> seenByCallback = new ArrayList<>();
    run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      getRunningLoop().callSoon(() -> seenByCallback.add(Thread.currentThread().isInterrupted()));
      Thread.currentThread().interrupt();
      sleep(Duration.ofSeconds(1)); // the callback runs on this task's thread while it waits
      assertThat(Thread.interrupted()).isTrue();
      return null;
    });
    assertThat(seenByCallback).containsExactly(false);
  }

  // ---------------------------------------------------------------- bridges to other threads

  @Test
  void runCoroutineThreadsafe_anInterruptedWaiter_getThrows_joinWaitsOn_theTaskGoesOn() throws Exception {
    EventLoop loop = EventLoop.create();
    Thread home = Thread.ofPlatform().name("home").start(loop::runForever);
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<String> result = ThreadBridge.runCoroutineThreadsafe(loop, () -> {
      ThreadBridge.awaitFuture(release);
      return "done";
    });

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).as("get() clears the status, as the JDK does").isFalse();
    assertThat(result).as("an interrupted waiter cancels nothing").isNotDone();

    Thread.currentThread().interrupt();
    release.complete(null);
    assertThat(result.join()).isEqualTo("done");
    assertThat(Thread.interrupted()).as("join() leaves the status set").isTrue();

    loop.callSoonThreadsafe(loop::stop);
    home.join();
    loop.close();
  }

  @Test
  void toThread_aJobThatIsInterrupted_itsInterruptedExceptionComesBackToTheTask() {
    Throwable seen = run(() -> {
      try {
        ThreadBridge.toThread(() -> {
          Thread.currentThread().interrupt(); // stands for an interrupt from elsewhere, during a blocking call
          Thread.sleep(Duration.ofSeconds(10));
          return null;
        });
        return null;
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause();
      }
    });
    assertThat(seen).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(100_000); // a bounded poll of an observable condition
    }
  }
}
