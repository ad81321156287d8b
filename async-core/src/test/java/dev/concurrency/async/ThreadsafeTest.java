package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ThreadsafeTest {

  // CPython test_events.py: test_call_soon_threadsafe_same_thread / many producers, nothing lost, per-thread order
  @Test
  void callSoonThreadsafe_fourProducers_everyCallbackRunsInEachProducersOrder() throws Exception {
    int producers = 4;
    int each = 5_000;
    List<String> ran = new ArrayList<>(); // touched only on the loop
    try (EventLoop loop = EventLoop.create()) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int id = p;
        Thread t = new Thread(() -> {
          try {
            assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < each; i++) {
              int k = i;
              loop.callSoonThreadsafe(() -> ran.add(id + ":" + k));
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        threads.add(t);
        t.start();
      }
      int[] expected = {producers * each};
      Runnable[] check = new Runnable[1];
      check[0] = () -> {
        if (ran.size() >= expected[0]) {
          loop.stop();
        } else {
          loop.callLater(java.time.Duration.ofMillis(1), check[0]);
        }
      };
      loop.callSoon(go::countDown);
      loop.callSoon(check[0]);
      loop.runForever();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).isNull();
    }
    assertThat(ran).hasSize(producers * each);
    Map<String, List<Integer>> byProducer = ran.stream().collect(Collectors.groupingBy(
        s -> s.substring(0, s.indexOf(':')),
        Collectors.mapping(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1)), Collectors.toList())));
    assertThat(byProducer).hasSize(producers);
    byProducer.values().forEach(order -> assertThat(order).isSorted().hasSize(each));
  }
}
