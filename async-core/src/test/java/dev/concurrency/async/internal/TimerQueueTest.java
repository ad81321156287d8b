package dev.concurrency.async.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

final class TimerQueueTest {

  private static final class Timer {
    final long when;
    final long seq;
    boolean cancelled;

    Timer(long when, long seq) {
      this.when = when;
      this.seq = seq;
    }

    @Override
    public String toString() {
      return "Timer(" + when + ", " + seq + (cancelled ? ", cancelled)" : ")");
    }
  }

  private static TimerQueue<Timer> newQueue() {
    return new TimerQueue<>(t -> t.when, t -> t.seq, t -> t.cancelled);
  }

  private final TimerQueue<Timer> queue = newQueue();

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
    assertThat(queue.peek()).isNull();
  }

  @Test
  void tieBreak_isTheSecondKey_notTheOrderOfAdding() {
    Timer late = new Timer(7, 9);
    Timer early = new Timer(7, 3);
    queue.add(late);
    queue.add(early);
    assertThat(queue.peek()).isSameAs(early);
  }

  @Test
  void pop_onEmpty_isANoOp_andNullTimersAreRefused() {
    queue.pop();
    assertThat(queue.size()).isZero();
    assertThatNullPointerException().isThrownBy(() -> queue.add(null)).withMessage("timer");
  }

  /**
   * Any mix of adds, pops and cancellations (enough of them to grow the arrays and to trigger compaction) yields
   * the timers in the order a {@link PriorityQueue} ordered by (deadline, tie-break) yields them, cancelled ones
   * left out.
   */
  @Property(tries = 300)
  void sameOrderAsAPriorityQueue(@ForAll("operations") List<Integer> operations) {
    TimerQueue<Timer> heap = newQueue();
    PriorityQueue<Timer> reference =
        new PriorityQueue<>(Comparator.<Timer>comparingLong(t -> t.when).thenComparingLong(t -> t.seq));
    List<Timer> live = new ArrayList<>();
    long seq = 0;
    for (int op : operations) {
      if (op >= 0) { // add, with a deadline drawn from a small range so ties are common
        Timer timer = new Timer(op % 50, seq++);
        heap.add(timer);
        reference.add(timer);
        live.add(timer);
      } else if (op == -1) { // pop the earliest live timer
        assertThat(heap.peek()).isSameAs(firstLive(reference));
        if (heap.peek() != null) {
          live.remove(reference.poll());
          heap.pop();
        }
      } else if (!live.isEmpty()) { // cancel one live timer
        Timer victim = live.remove(Math.floorMod(op, live.size()));
        victim.cancelled = true;
        heap.cancelled();
      }
      assertThat(heap.size()).isGreaterThanOrEqualTo(live.size());
    }
    List<Timer> drained = new ArrayList<>();
    for (Timer t; (t = heap.peek()) != null; heap.pop()) {
      drained.add(t);
    }
    List<Timer> expected = new ArrayList<>();
    for (Timer t; (t = firstLive(reference)) != null; reference.poll()) {
      expected.add(t);
    }
    assertThat(drained).containsExactlyElementsOf(expected);
  }

  private static Timer firstLive(PriorityQueue<Timer> reference) {
    while (reference.peek() != null && reference.peek().cancelled) {
      reference.poll();
    }
    return reference.peek();
  }

  /** Non-negative: add a timer with that deadline; -1: pop; below -1: cancel a live timer picked by the value. */
  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0, 10_000)),
            Tuple.of(3, Arbitraries.just(-1)),
            Tuple.of(2, Arbitraries.integers().between(-1_000, -2)))
        .list()
        .ofMaxSize(600);
  }
}
