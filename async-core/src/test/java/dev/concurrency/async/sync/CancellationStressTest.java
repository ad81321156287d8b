package dev.concurrency.async.sync;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cancellation fuzz of {@link CancellationFuzzTest} on many more random schedules. Excluded from the default
 * run; run it with {@code mvn -B -o -pl async-core -am verify -Pstress}.
 */
@Tag("stress")
@Timeout(600)
final class CancellationStressTest {

  private static final int SEEDS = 3_000;

  @Test
  void semaphoreAndLockLikeBoundedSemaphore_manySchedules_invariantsHold() {
    for (int permits = 1; permits <= 3; permits++) {
      CancellationFuzzTest.semaphoreSchedules(permits, CancellationFuzzTest.SEEDS, SEEDS);
    }
  }

  @Test
  void lock_manySchedules_oneHolderNoneStranded() {
    CancellationFuzzTest.lockSchedules(CancellationFuzzTest.SEEDS, SEEDS);
  }

  @Test
  void condition_manySchedules_noNotificationLost() {
    for (int producers : new int[] {1, 2, 4}) {
      CancellationFuzzTest.conditionSchedules(producers, CancellationFuzzTest.SEEDS, SEEDS);
    }
  }

  @Test
  void queue_manySchedules_everyItemOnce() {
    for (int maxsize : new int[] {1, 2, 5}) {
      CancellationFuzzTest.queueSchedules(maxsize, CancellationFuzzTest.SEEDS, SEEDS);
    }
  }
}
