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
}
