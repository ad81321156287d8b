package dev.concurrency.async.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

final class TimerQueueTest {

  private static final class Timer {
    final long when;
    final int seq;
    boolean cancelled;

    Timer(long when, int seq) {
      this.when = when;
      this.seq = seq;
    }
  }

  private final TimerQueue<Timer> queue = new TimerQueue<>(
      Comparator.<Timer>comparingLong(t -> t.when).thenComparingInt(t -> t.seq), t -> t.cancelled);

  @Test
  void peek_skipsCancelledHead_andKeepsFifoTies() {
    Timer a = new Timer(5, 0);
    Timer b = new Timer(5, 1);
    Timer c = new Timer(1, 2);
    queue.add(a);
    queue.add(b);
    queue.add(c);
    c.cancelled = true;
    queue.cancelled();
    assertThat(queue.peek()).isSameAs(a);
    queue.pop();
    assertThat(queue.peek()).isSameAs(b);
    queue.pop();
    assertThat(queue.peek()).isNull();
  }

  @Test
  void cancelled_mostOfALargeHeap_compacts() {
    Timer[] timers = new Timer[300];
    for (int i = 0; i < timers.length; i++) {
      timers[i] = new Timer(i, i);
      queue.add(timers[i]);
    }
    for (int i = 0; i < 200; i++) {
      timers[i].cancelled = true;
      queue.cancelled();
    }
    assertThat(queue.size()).isLessThan(300);
    assertThat(queue.peek()).isSameAs(timers[200]);
    queue.clear();
    assertThat(queue.size()).isZero();
  }
}
