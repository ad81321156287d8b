package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
   * The unsafe counter loses updates under contention. Not deterministic (a scheduler could serialize the
   * threads), so it is a stress test: {@code mvn -pl thread-concurrency -am verify -Pstress}. Ten tries of
   * 2 x 5,000,000 increments; in practice the first one already loses millions.
   */
  @Test
  @Tag("stress")
  void increment_unsafeUnderContention_losesUpdates() throws Exception {
    long[] lost = new long[10];
    for (int attempt = 0; attempt < lost.length; attempt++) {
      Counter counter = Counter.Kind.UNSAFE.create();
      TestSupport.runConcurrently(2, () -> {
        for (int i = 0; i < 5_000_000; i++) {
          counter.increment();
        }
      });
      lost[attempt] = 10_000_000L - counter.get();
      if (lost[attempt] > 0) {
        break;
      }
    }
    assertThat(Arrays.stream(lost).max().orElseThrow()).as("updates lost in some attempt").isPositive();
  }
}
