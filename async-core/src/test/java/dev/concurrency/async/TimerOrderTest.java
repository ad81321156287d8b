package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the mix of delays (many equal), and whichever timers are cancelled, the timers that run
 * run in the stable order of their deadlines, and each runs at its deadline on the virtual clock.
 */
@Timeout(30)
final class TimerOrderTest {

  private record Planned(int id, long delayMillis) {}

  @RepeatedTest(20)
  void randomTimers_runInStableDeadlineOrder_atTheirDeadlines(RepetitionInfo info) {
    SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
    VirtualClock clock = VirtualClock.autoAdvancing();
    List<Planned> planned = new ArrayList<>();
    List<Integer> ran = new ArrayList<>();
    List<Boolean> onTime = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
      List<TimerHandle> handles = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        Planned p = new Planned(i, random.nextInt(20)); // 20 distinct delays: many ties
        planned.add(p);
        handles.add(loop.callLater(Duration.ofMillis(p.delayMillis()), () -> {
          ran.add(p.id());
          onTime.add(loop.time() == Duration.ofMillis(p.delayMillis()).toNanos());
        }));
      }
      for (int i = 0; i < 300; i++) {
        if (random.nextInt(4) == 0) {
          handles.get(i).cancel();
        }
      }
      loop.callLater(Duration.ofMillis(50), loop::stop);
      loop.runForever();
      List<Integer> expected = planned.stream()
          .filter(p -> !handles.get(p.id()).cancelled())
          .sorted(Comparator.comparingLong(Planned::delayMillis)) // List.sort is stable: ties keep id order
          .map(Planned::id)
          .toList();
      assertThat(ran).isEqualTo(expected);
      assertThat(onTime).doesNotContain(false);
    }
  }
}
