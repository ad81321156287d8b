package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class VirtualClockTest {

  // Trio test_mock_clock.py: test_mock_clock_autojump — a long sleep finishes instantly, at the exact time
  @Test
  void autoAdvance_hourLongSleep_endsInstantlyAtExactTime() {
    VirtualClock clock = VirtualClock.autoAdvancing();
    long realStart = System.nanoTime();
    Duration virtual = run(EventLoop.builder().clock(clock), () -> {
      sleep(Duration.ofHours(1));
      return clock.elapsed();
    });
    assertThat(virtual).isEqualTo(Duration.ofHours(1));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(20));
  }

  // Trio test_mock_clock.py: deterministic schedules — the same program gives the same timeline every run
  @Test
  void autoAdvance_sleepHeavyProgram_isDeterministic() {
    List<String> first = timeline();
    List<String> second = timeline();
    assertThat(first).isEqualTo(second);
    assertThat(first).containsExactly("w2@100", "w1@150", "w2@200", "w1@300", "w2@300", "w1@450");
  }

  private static List<String> timeline() {
    VirtualClock clock = VirtualClock.autoAdvancing();
    List<String> log = new ArrayList<>();
    run(EventLoop.builder().clock(clock), () -> gather(
        () -> worker("w1", 150, clock, log),
        () -> worker("w2", 100, clock, log)).await());
    return log;
  }

  private static Void worker(String name, long periodMillis, VirtualClock clock, List<String> log) {
    for (int i = 0; i < 3; i++) {
      sleep(Duration.ofMillis(periodMillis));
      log.add(name + "@" + clock.elapsed().toMillis());
    }
    return null;
  }

  @Test
  void manualClock_advanceMovesTimeOnlyWhenTold() {
    VirtualClock clock = VirtualClock.manual();
    assertThat(clock.autoAdvance()).isFalse();
    assertThat(clock.read()).isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
    List<String> log = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
      loop.callLater(Duration.ofSeconds(1), () -> log.add("timer"));
      loop.callSoon(() -> clock.advance(Duration.ofSeconds(1)));
      loop.callSoon(() -> loop.callSoon(loop::stop));
      loop.runForever();
      assertThat(log).containsExactly("timer");
      // a manual clock never jumps: a far timer waits until a thread-safe call wakes the loop
      loop.callLater(Duration.ofHours(1), () -> log.add("far"));
      Thread poke = new Thread(() -> loop.callSoonThreadsafe(loop::stop));
      poke.start();
      loop.runForever();
      try {
        poke.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertThat(log).containsExactly("timer");
    }
  }
}
