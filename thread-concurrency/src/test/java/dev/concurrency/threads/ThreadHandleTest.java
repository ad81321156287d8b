package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
final class ThreadHandleTest {

  private static ThreadHandle make(boolean virtual, String name, Runnable body) {
    return virtual ? ThreadHandle.virtual(name, body) : ThreadHandle.platform(name, body);
  }

  @ParameterizedTest(name = "virtual={0}")
  @ValueSource(booleans = {false, true})
  void startJoin_normalBody_runsInNamedThreadAndStops(boolean virtual) throws Exception {
    AtomicReference<Thread> ranIn = new AtomicReference<>();
    ThreadHandle t = make(virtual, "task1", () -> ranIn.set(Thread.currentThread()));
    assertThat(t.isStarted()).isFalse();
    assertThat(t.toString()).contains("initial");

    t.start();
    t.joinOrThrow();

    assertThat(ranIn.get().getName()).isEqualTo("task1");
    assertThat(ranIn.get().isVirtual()).isEqualTo(virtual);
    assertThat(t.isVirtual()).isEqualTo(virtual);
    assertThat(t.isAlive()).isFalse();
    assertThat(t.failure()).isEmpty();
    assertThat(t.threadId()).isEqualTo(ranIn.get().threadId());
    assertThat(t.toString()).contains("task1", "stopped");
  }

  // CPython test_threading.py: test_excepthook -- the exception reaches a hook, it is not lost
  @ParameterizedTest(name = "virtual={0}")
  @ValueSource(booleans = {false, true})
  void join_bodyThrows_failureCapturedAndRethrownByJoinOrThrow(boolean virtual) throws Exception {
    AtomicReference<Throwable> hooked = new AtomicReference<>();
    AtomicReference<Throwable> printed = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("boom");
    ThreadHandle t =
        ThreadHandle.builder(
                () -> {
                  Thread.currentThread().setUncaughtExceptionHandler((th, e) -> printed.set(e));
                  throw boom;
                })
            .name("failing")
            .virtual(virtual)
            .onFailure(hooked::set)
            .build();

    t.start();
    t.join();

    assertThat(t.failure()).containsSame(boom);
    assertThat(hooked.get()).isSameAs(boom);
    assertThat(printed.get()).as("nothing reached the uncaught-exception handler").isNull();
    assertThatThrownBy(t::joinOrThrow)
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("failing")
        .cause()
        .isSameAs(boom);
  }

  @Test
  void joinWithTimeout_whileBlocked_returnsFalseThenTrueOnceReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.platform(
                "blocked",
                () -> {
                  try {
                    release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .start();

    assertThat(t.join(Duration.ZERO)).isFalse();
    assertThat(t.isAlive()).isTrue();
    assertThat(t.toString()).contains("started");
    release.countDown();
    assertThat(t.join(LONG_DELAY)).isTrue();
    t.joinOrThrow();
  }

  @Test
  void interrupt_blockedBody_failsWithInterruptedException() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.virtual(
                "sleeper",
                () -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                  }
                })
            .start();

    t.interrupt();
    t.join();

    assertThat(t.failure()).get().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void start_twice_throwsIllegalState() throws Exception {
    ThreadHandle t = ThreadHandle.platform("once", () -> {}).start();
    t.join();
    assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("only be started once");
  }

  @Test
  void join_beforeStart_throwsIllegalState() {
    ThreadHandle t = ThreadHandle.platform("unstarted", () -> {});
    assertThatThrownBy(t::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("before it is started");
    assertThatThrownBy(() -> t.join(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void join_negativeTimeout_throwsIllegalArgument() throws Exception {
    ThreadHandle t = ThreadHandle.platform("x", () -> {}).start();
    assertThatThrownBy(() -> t.join(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    t.join();
  }

  @Test
  void builder_daemonAndVirtual_flagsAsAskedOrRejected() throws Exception {
    ThreadHandle daemon = ThreadHandle.builder(() -> {}).name("d").daemon(true).build();
    assertThat(daemon.isDaemon()).isTrue();
    assertThat(ThreadHandle.platform("p", () -> {}).isDaemon()).isFalse();
    assertThat(ThreadHandle.virtual("v", () -> {}).isDaemon()).isTrue();
    assertThatThrownBy(() -> ThreadHandle.builder(() -> {}).virtual(true).daemon(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("always daemon");
    assertThatThrownBy(() -> ThreadHandle.builder(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
  }
}
