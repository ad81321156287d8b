package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
final class CounterTest {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 50_000;

  @ParameterizedTest
  @EnumSource(value = Counter.Kind.class, names = "UNSAFE", mode = EnumSource.Mode.EXCLUDE)
  void increment_safeKindUnderContention_countIsExact(Counter.Kind kind) throws Exception {
    Counter counter = kind.create();
    TestSupport.runConcurrently(THREADS, () -> {
      for (int i = 0; i < PER_THREAD; i++) {
        counter.increment();
      }
    });
    assertThat(counter.get()).isEqualTo((long) THREADS * PER_THREAD);
  }

  @ParameterizedTest
  @EnumSource(Counter.Kind.class)
  void increment_singleThread_everyKindCountsRight(Counter.Kind kind) {
    Counter counter = kind.create();
    for (int i = 0; i < 1000; i++) {
      counter.increment();
    }
    assertThat(counter.get()).isEqualTo(1000);
  }

  /**
   * The unsafe counter loses updates under contention. Not deterministic (a busy scheduler can run the two threads
   * one after the other), so it is a stress test: {@code mvn -pl thread-concurrency -am verify -Pstress}. Tries of
   * 2 x 5,000,000 increments until one loses updates, for at most 30 s; on a quiet machine the first one already
   * loses millions, on a loaded one (load average 20 on 2 cores was seen) it can take dozens.
   */
  @Test
  @Tag("stress")
  void increment_unsafeUnderContention_losesUpdates() throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    long lost = 0;
    int attempts = 0;
    while (lost == 0 && System.nanoTime() - deadline < 0) {
      Counter counter = Counter.Kind.UNSAFE.create();
      TestSupport.runConcurrently(2, () -> {
        for (int i = 0; i < 5_000_000; i++) {
          counter.increment();
        }
      });
      lost = 10_000_000L - counter.get();
      attempts++;
    }
    assertThat(lost).as("updates lost in one of %s attempts", attempts).isPositive();
  }
}
