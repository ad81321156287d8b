package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.threads.TestSupport.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the order in which a {@link PriorityExecutor} runs queued tasks, against the definition in its
 * documentation (effective priority = priority + waited / agingStep; ties first-come first-served), not against
 * its key formula.
 */
final class PriorityExecutorPropertiesTest {

  /** A task's priority and when it arrived, in whole seconds on the fake clock. */
  private record Arrival(int index, int priority, int second) {}

  @Property(tries = 40)
  void strictPriority_anyPriorities_runOrderIsStableDescendingSort(
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = -3, max = 3) Integer> priorities) throws Exception {
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < priorities.size(); i++) {
      arrivals.add(new Arrival(i, priorities.get(i), 0));
    }
    List<Integer> expected =
        arrivals.stream().sorted(Comparator.comparingInt((Arrival a) -> -a.priority())).map(Arrival::index).toList();

    assertThat(runOrder(PriorityExecutor.builder(), null, arrivals)).containsExactlyElementsOf(expected);
  }

  @Property(tries = 40)
  void aging_anyArrivals_runOrderFollowsEffectivePriorityAtRelease(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = -3, max = 3) Integer> priorities,
      @ForAll @Size(min = 20, max = 20) List<@IntRange(min = 0, max = 3) Integer> gaps) throws Exception {
    List<Arrival> arrivals = new ArrayList<>();
    int second = 0;
    for (int i = 0; i < priorities.size(); i++) {
      second += gaps.get(i);
      arrivals.add(new Arrival(i, priorities.get(i), second));
    }
    int release = second;
    // effective priority at release: priority + seconds waited (agingStep = 1 s); ties in arrival order
    List<Integer> expected =
        arrivals.stream()
            .sorted(Comparator.comparingInt((Arrival a) -> -(a.priority() + (release - a.second())))
                .thenComparingInt(Arrival::index))
            .map(Arrival::index)
            .toList();
    FakeTicker ticker = new FakeTicker();

    List<Integer> actual =
        runOrder(PriorityExecutor.builder().agingStep(Duration.ofSeconds(1)).ticker(ticker), ticker, arrivals);

    assertThat(actual).containsExactlyElementsOf(expected);
  }

  /** Queues the arrivals behind a gate on one worker, moving the fake clock to each arrival, then releases. */
  private static List<Integer> runOrder(PriorityExecutor.Builder builder, FakeTicker ticker, List<Arrival> arrivals)
      throws Exception {
    Queue<Integer> ran = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (PriorityExecutor ex = builder.build()) {
      ex.submit(Integer.MAX_VALUE, () -> {
        started.countDown();
        return release.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      });
      started.await();
      int now = 0;
      for (Arrival a : arrivals) {
        if (ticker != null) {
          ticker.advance(Duration.ofSeconds(a.second() - now));
          now = a.second();
        }
        ex.submit(a.priority(), () -> ran.add(a.index()));
      }
      release.countDown();
    }
    assertThat(ran).hasSize(arrivals.size());
    return List.copyOf(ran);
  }
}
