package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.internal.LoopSeams;
import dev.concurrency.async.internal.SchedulingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's {@link SchedulingPolicy} seam: the loop consults its policy where asyncio leaves a choice open, and
 * nowhere else; the default policy is the loop's own behaviour (the rest of the suite runs on it).
 */
@Timeout(30)
final class SchedulingPolicySeamTest {

  /** Records what the loop told it; decisions as the default, except where a test overrides them. */
  private static class Recording implements SchedulingPolicy {
    final List<String> seen = new ArrayList<>();
    Host host;

    @Override
    public void attach(Host loopHost) {
      host = loopHost;
    }

    @Override
    public void tickStarting() {
      seen.add("tick");
    }

    @Override
    public void stepStarting(AsyncTask<?> task) {
      seen.add("step " + task.getName());
    }

    @Override
    public void stepEnded(AsyncTask<?> task) {
      seen.add("end " + task.getName());
    }

    @Override
    public void taskDone(AsyncTask<?> task) {
      seen.add("done " + task.getName());
    }

    @Override
    public void callbackStarting(Handle handle, Runnable callback) {
      seen.add(handle instanceof TimerHandle ? "timer" : "callback");
    }
  }

  @Test
  void defaultPolicy_keepsTiesInSchedulingOrder_andLeavesTheWaitToTheLoop() {
    SchedulingPolicy p = SchedulingPolicy.ASYNCIO;
    assertThat(p.timerOrder(0)).isZero();
    assertThat(p.timerOrder(41)).isEqualTo(41);
    assertThat(p.idle(true, 5)).isFalse();
    assertThat(p.idle(false, 0)).isFalse();
  }

  @Test
  void timerOrder_decidesTheOrderOfEqualDeadlines() {
    List<Integer> ran = new ArrayList<>();
    Recording reversed = new Recording() {
      @Override
      public long timerOrder(long sequence) {
        return -sequence; // the last scheduled runs first
      }
    };
    try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).schedulingPolicy(reversed).build()) {
      for (int i = 0; i < 4; i++) {
        int id = i;
        loop.callLater(Duration.ofMillis(5), () -> ran.add(id));
      }
      loop.callLater(Duration.ofMillis(4), () -> ran.add(-1)); // an earlier deadline still runs first
      loop.callLater(Duration.ofMillis(6), loop::stop);
      loop.runForever();
    }
    assertThat(ran).containsExactly(-1, 3, 2, 1, 0);
  }

  @Test
  void observation_seesEveryStepCallbackAndTimer_inOrder() {
    Recording policy = new Recording();
    try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).schedulingPolicy(policy).build()) {
      loop.callSoon(() -> { });
      AsyncTask<Object> t = loop.createTask(() -> AsyncIO.sleep(Duration.ofMillis(1), null), "t");
      loop.runUntilComplete(t);
    }
    assertThat(policy.seen).containsSubsequence(
        "tick", "callback", "step t", "end t", "tick", "timer", "tick", "step t", "end t", "done t");
  }

  @Test
  void idle_whenThePolicyHandlesIt_theLoopDoesNotWait() {
    // a manual clock never moves by itself: without the policy this loop would wait forever
    VirtualClock clock = VirtualClock.manual();
    Recording jumping = new Recording() {
      @Override
      public boolean idle(boolean hasTimer, long deadline) {
        seen.add("idle " + hasTimer + " " + deadline);
        clock.advance(Duration.ofNanos(deadline - clock.read() + 7));
        return true;
      }
    };
    long[] firedAt = new long[1];
    try (EventLoop loop = EventLoop.builder().clock(clock).schedulingPolicy(jumping).build()) {
      loop.callLater(Duration.ofMillis(3), () -> {
        firedAt[0] = loop.time();
        loop.stop();
      });
      loop.runForever();
    }
    assertThat(jumping.seen).contains("idle true 3000000");
    assertThat(firedAt[0]).isEqualTo(3_000_007); // seven nanoseconds late: the policy's choice
  }

  @Test
  void insertReady_putsACallbackBetweenTheOnesAlreadyReady() {
    List<String> ran = new ArrayList<>();
    Recording inserting = new Recording() {
      boolean done;

      @Override
      public void tickStarting() {
        if (!done && host.readyCount() == 3) {
          done = true;
          host.insertReady(1, new Handle(() -> ran.add("inserted")));
        }
      }
    };
    try (EventLoop loop = EventLoop.builder().schedulingPolicy(inserting).build()) {
      loop.callSoon(() -> ran.add("a"));
      loop.callSoon(() -> ran.add("b"));
      loop.callSoon(() -> {
        ran.add("c");
        loop.stop();
      });
      loop.runForever();
      assertThatThrownBy(() -> inserting.host.insertReady(1, new Handle(() -> { })))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("ready queue of 0");
    }
    assertThat(ran).containsExactly("a", "inserted", "b", "c");
  }

  @Test
  void expectedArrival_goesThroughThePolicy_andHoldsAnAutoAdvancingClock() throws Exception {
    List<String> arrivals = new ArrayList<>();
    Recording counting = new Recording() {
      @Override
      public Arrival expectArrival(Host loopHost, String what) {
        arrivals.add(what);
        return SchedulingPolicy.ASYNCIO.expectArrival(loopHost, what);
      }
    };
    VirtualClock clock = VirtualClock.autoAdvancing();
    String result;
    try (EventLoop loop = EventLoop.builder().clock(clock).schedulingPolicy(counting).build()) {
      AsyncTask<String> t = loop.createTask(() -> {
        AsyncTask<Void> sleeper = AsyncIO.createTask(() -> AsyncIO.sleep(Duration.ofHours(1)));
        String r = ThreadBridge.toThread(() -> "from a thread");
        sleeper.cancel();
        return r;
      });
      result = loop.runUntilComplete(t);
    }
    assertThat(result).isEqualTo("from a thread");
    assertThat(arrivals).containsExactly("toThread");
    assertThat(clock.elapsed()).isZero(); // held while the job ran, so the hour never passed
  }

  @Test
  void hostStop_endsTheLoopAtTheEndOfTheTick() {
    Recording stopping = new Recording() {
      @Override
      public boolean idle(boolean hasTimer, long deadline) {
        host.stop(); // nothing to do: end the run, as a simulation does on a deadlock
        return true;
      }
    };
    try (EventLoop loop = EventLoop.builder().schedulingPolicy(stopping).build()) {
      AsyncFuture<String> never = loop.createFuture();
      assertThatThrownBy(() -> loop.runUntilComplete(never))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("stopped before the future completed");
    }
  }

  @Test
  void loopSeams_reachThePolicyAndPeekWithoutRetrieving() {
    Recording policy = new Recording();
    EventLoop.Builder builder = LoopSeams.access().withPolicy(EventLoop.builder(), policy);
    List<ErrorContext> reported = new ArrayList<>();
    try (EventLoop loop = builder.exceptionHandler((l, c) -> reported.add(c)).build()) {
      assertThat(LoopSeams.access().policyOf(loop)).isSameAs(policy);
      AsyncFuture<Void> failed = loop.createFuture();
      failed.setException(new IllegalStateException("boom"));
      assertThat(LoopSeams.access().peekException(failed)).hasMessage("boom");
    }
    // peeking did not count as retrieving: the loop still reports the lost exception when it closes
    assertThat(reported).extracting(ErrorContext::message).containsExactly("Future exception was never retrieved");
    try (EventLoop plain = EventLoop.create()) {
      assertThat(LoopSeams.access().policyOf(plain)).isSameAs(SchedulingPolicy.ASYNCIO);
    }
  }
}
