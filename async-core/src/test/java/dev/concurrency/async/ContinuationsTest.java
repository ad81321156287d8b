package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler switch. In the default run, tasks have threads of their own; in the {@code continuations}
 * Surefire execution (flags in this module's pom), they run as continuations on the loop's thread.
 */
@Timeout(30)
final class ContinuationsTest {

  @Test
  void tasksRunOnOwnThreads_orOnTheLoopThreadWithContinuations() {
    List<Boolean> sameThreadAsMain = new ArrayList<>();
    run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      Thread mainTaskThread = Thread.currentThread();
      createTask(() -> sameThreadAsMain.add(Thread.currentThread() == mainTaskThread)).await();
      return null;
    });
    assertThat(sameThreadAsMain).containsExactly(Continuations.ENABLED);
  }

  /** JDK 24 (JEP 491) lets a continuation yield while it holds a monitor; before, it failed as pinned. */
  @Test
  void awaitInsideSynchronized_completesOnJdk24AndLater() {
    Object monitor = new Object();
    run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      AsyncTask<String> t = createTask(() -> {
        synchronized (monitor) {
          sleep(Duration.ofSeconds(1));
        }
        return "slept holding a monitor";
      });
      if (Continuations.ENABLED && Runtime.version().feature() < 24) {
        assertThatThrownBy(t::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("Pinned");
      } else {
        assertThat(t.await()).isEqualTo("slept holding a monitor");
      }
      return null;
    });
  }

  @Test
  void withoutTheFlag_handlesRefuseClearly() {
    if (!Continuations.ENABLED) {
      assertThatThrownBy(() -> Continuations.create(() -> {})).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("continuations are off");
    } else {
      Object c = Continuations.create(() -> {});
      Continuations.run(c);
      assertThatThrownBy(() -> Continuations.run(c)).isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * A task that interrupts its own thread: with threads of their own, the status is the task's and comes back
   * after its await; as continuations, the task's thread is the loop's, so the interrupt is the run's Ctrl-C.
   */
  @Test
  void taskInterruptsItsOwnThread_keepsTheStatus_orWithContinuationsInterruptsTheRun() {
    AtomicReference<Boolean> statusAfterAwait = new AtomicReference<>();
    Throwable error = catchThrowable(() -> run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      Thread.currentThread().interrupt();
      sleep(Duration.ofSeconds(1));
      statusAfterAwait.set(Thread.interrupted());
    }));
    boolean runThreadsStatus = Thread.interrupted();
    if (Continuations.ENABLED) {
      assertThat(error).isInstanceOf(CancelledError.class).hasCauseInstanceOf(InterruptedException.class);
      assertThat(runThreadsStatus).isTrue();
      assertThat(statusAfterAwait).hasNullValue();
    } else {
      assertThat(error).isNull();
      assertThat(runThreadsStatus).isFalse();
      assertThat(statusAfterAwait).hasValue(true);
    }
  }
}
