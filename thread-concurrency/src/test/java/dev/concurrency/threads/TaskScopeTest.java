package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class TaskScopeTest {

  /** Blocks until interrupted; records the thread so the test can check it ended. */
  private static String waitForever(AtomicReference<Thread> thread) throws InterruptedException {
    thread.set(Thread.currentThread());
    new CountDownLatch(1).await();
    throw new AssertionError("unreachable");
  }

  @Test
  void join_allSucceed_resultsInForkOrder() throws Exception {
    try (TaskScope<String> scope = TaskScope.open()) {
      Subtask<String> a = scope.fork(() -> "a");
      Subtask<String> b = scope.fork(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform");
      assertThat(scope.join()).containsExactly("a", "virtual");
      assertThat(a.state()).isEqualTo(Subtask.State.SUCCESS);
      assertThat(b.get()).isEqualTo("virtual");
      assertThat(a.toString()).contains("SUCCESS");
    }
  }

  // CPython test_taskgroups.py: test_taskgroup_04 -- one child fails, the sibling is cancelled
  @Test
  void join_oneFails_othersInterruptedAndFailureThrown() throws Exception {
    AtomicReference<Thread> sibling = new AtomicReference<>();
    CountDownLatch siblingStarted = new CountDownLatch(1);
    try (TaskScope<String> scope = TaskScope.open()) {
      Subtask<String> slow = scope.fork(() -> {
        siblingStarted.countDown();
        return waitForever(sibling);
      });
      Subtask<String> failing = scope.fork(() -> {
        siblingStarted.await();
        throw new IllegalStateException("boom");
      });

      assertThatThrownBy(scope::join)
          .isInstanceOf(ScopeFailedException.class)
          .hasMessageContaining("boom")
          .cause()
          .hasMessage("boom");
      assertThat(slow.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThat(failing.state()).isEqualTo(Subtask.State.FAILED);
      assertThat(failing.exception()).hasMessage("boom");
      assertThat(sibling.get().isAlive()).as("nothing outlives join").isFalse();
    }
  }

  // CPython test_taskgroups.py: test_taskgroup_03 -- two failures are both reported
  @Test
  void join_twoFail_aggregatedFirstAsCauseOtherSuppressed() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    try (TaskScope<String> scope = TaskScope.open(LONG_DELAY)) {
      scope.fork(() -> { both.await(); throw new IllegalStateException("one"); });
      scope.fork(() -> { both.await(); throw new IllegalArgumentException("two"); });
      ScopeFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ScopeFailedException.class, scope::join);
      assertThat(e.failures()).hasSize(2).extracting(Throwable::getMessage).containsExactlyInAnyOrder("one", "two");
      assertThat(e.getSuppressed()).hasSize(1).doesNotContain(e.getCause());
    }
  }

  @Test
  void join_deadlinePasses_cancelsAndThrowsTimeout() throws Exception {
    AtomicReference<Thread> stuck = new AtomicReference<>();
    try (TaskScope<String> scope = TaskScope.open(Duration.ofMillis(50))) {
      Subtask<String> s = scope.fork(() -> waitForever(stuck));
      assertThatThrownBy(scope::join).isInstanceOf(TimeoutException.class).hasMessageContaining("1 subtask(s) were cancelled");
      assertThat(s.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThat(stuck.get().isAlive()).isFalse();
      assertThatThrownBy(s::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("CANCELLED");
    }
  }

  @Test
  void join_ownerInterrupted_cancelsSubtasksAndThrows() throws Exception {
    AtomicReference<Thread> stuck = new AtomicReference<>();
    try (TaskScope<String> scope = TaskScope.open()) {
      Subtask<String> s = scope.fork(() -> waitForever(stuck));
      Thread.currentThread().interrupt();
      assertThatThrownBy(scope::join).isInstanceOf(InterruptedException.class);
      assertThat(s.state()).isEqualTo(Subtask.State.CANCELLED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void close_withoutJoin_cancelsAndWaitsForEverySubtask() {
    AtomicReference<Thread> stuck = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Subtask<String> s;
    try (TaskScope<String> scope = TaskScope.open()) {
      s = scope.fork(() -> {
        started.countDown();
        return waitForever(stuck);
      });
      started.countDown();
    }
    assertThat(s.state()).isEqualTo(Subtask.State.CANCELLED);
    assertThat(stuck.get() == null || !stuck.get().isAlive()).isTrue();
  }

  @Test
  void fork_afterAFailure_subtaskCancelledWithoutRunning() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    try (TaskScope<String> scope = TaskScope.open()) {
      Subtask<String> failing = scope.fork(() -> { throw new IllegalStateException("first"); });
      TestSupport.awaitCondition("the first subtask failed", () -> failing.state() == Subtask.State.FAILED);
      Subtask<String> late = scope.fork(() -> { ran.set(true); return "late"; });
      assertThat(late.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThatThrownBy(scope::join).isInstanceOf(ScopeFailedException.class);
    }
    assertThat(ran).isFalse();
  }

  @Test
  void ownerRules_wrongThreadAndWrongOrder_throwClearly() throws Exception {
    TaskScope<String> scope = TaskScope.open();
    AtomicReference<Throwable> fromOther = new AtomicReference<>();
    ThreadHandle other = ThreadHandle.platform("intruder", () -> {
      try {
        scope.fork(() -> "x");
      } catch (WrongThreadException e) {
        fromOther.set(e);
      }
    }).start();
    other.joinOrThrow();
    assertThat(fromOther.get()).hasMessageContaining("only the scope's owner");

    assertThat(scope.join()).isEmpty();
    assertThatThrownBy(() -> scope.fork(() -> "y")).isInstanceOf(IllegalStateException.class).hasMessageContaining("after join");
    assertThatThrownBy(scope::join).isInstanceOf(IllegalStateException.class);
    scope.close();
    scope.close();
    assertThatThrownBy(() -> scope.fork(() -> "z")).hasMessageContaining("after close");
  }

  @Test
  void subtask_accessorsInWrongState_throwIllegalState() throws Exception {
    try (TaskScope<Integer> scope = TaskScope.open(LONG_DELAY, Executors.defaultThreadFactory())) {
      Subtask<Integer> ok = scope.fork(() -> 1);
      scope.join();
      assertThatThrownBy(ok::exception).isInstanceOf(IllegalStateException.class).hasMessageContaining("did not fail");
    }
    assertThatThrownBy(() -> TaskScope.open(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fork_nestedScopeInsideSubtask_works() throws Exception {
    try (TaskScope<List<Integer>> outer = TaskScope.open()) {
      outer.fork(() -> {
        try (TaskScope<Integer> inner = TaskScope.open()) {
          inner.fork(() -> 1);
          inner.fork(() -> 2);
          return inner.join();
        }
      });
      assertThat(outer.join()).containsExactly(List.of(1, 2));
    }
  }

  @Test
  void fork_threadCannotStart_throwsAndScopeStaysUsable() throws Exception {
    Thread spent = Thread.ofPlatform().start(() -> {});
    spent.join();
    try (TaskScope<String> scope = TaskScope.open(LONG_DELAY, r -> spent)) { // a thread that cannot start again
      assertThatThrownBy(() -> scope.fork(() -> "x")).isInstanceOf(IllegalThreadStateException.class);
      assertThat(scope.join()).isEmpty();
    }
  }
}
