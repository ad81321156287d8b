package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.testing.ResourceGauge.canCountFds;
import static dev.concurrency.async.testing.ResourceGauge.mib;
import static dev.concurrency.async.testing.ResourceGauge.openFds;
import static dev.concurrency.async.testing.ResourceGauge.usedHeapAfterGc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tasks soak: a million tasks created and finished on one loop, in waves of {@value #WAVE} (half of them
 * suspend once, half finish in their first step), then no error, no file descriptor left open and the heap back
 * to its baseline: a finished task leaves nothing behind.
 *
 * <p>Opt-in: {@code mvn -B verify -Pstress -pl async-core -am} (JUnit tag {@code stress}); {@code
 * -Dsoak.tasks=100000} for a shorter run. The figures print to the test's output and are in the module README.
 */
@Tag("stress")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
final class MillionTasksStressTest {

  static final int WAVE = 10_000;
  private static final int TASKS = Integer.getInteger("soak.tasks", 1_000_000);
  private static final long HEAP_SLACK = 32L * 1024 * 1024;

  @Test
  void aMillionTasksCreatedAndFinished_noError_noDescriptorLeft_heapBackToBaseline() {
    runWaves(WAVE); // warm-up: the loop's classes and the JIT's first compilations join the baseline
    long fdsBefore = canCountFds() ? openFds() : -1;
    long heapBefore = usedHeapAfterGc();

    long start = System.nanoTime();
    Outcome outcome = runWaves(TASKS);
    double seconds = (System.nanoTime() - start) / 1e9;

    long fdsAfter = canCountFds() ? openFds() : -1;
    long heapAfter = usedHeapAfterGc();
    System.out.printf("tasks soak: %,d tasks in %.1f s (%,.0f tasks/s), most alive at once %,d, %d errors; "
            + "open descriptors %d before, %d after; heap %s before, %s with a wave alive, %s after%n",
        outcome.finished(), seconds, outcome.finished() / seconds, WAVE, outcome.errors().size(), fdsBefore,
        fdsAfter, mib(heapBefore), mib(outcome.heapMidWave()), mib(heapAfter));

    assertThat(outcome.errors()).as("errors reported by the loop").isEmpty();
    assertThat(outcome.finished()).isEqualTo(TASKS);
    assertThat(outcome.sum()).isEqualTo((long) TASKS * (TASKS - 1) / 2);
    assertThat(fdsAfter).as("descriptors open after the soak").isEqualTo(fdsBefore);
    assertThat(heapAfter).as("heap after the soak, against %s before", mib(heapBefore))
        .isLessThan(heapBefore + HEAP_SLACK);
  }

  private record Outcome(long finished, long sum, long heapMidWave, List<ErrorContext> errors) {}

  private static Outcome runWaves(int total) {
    List<ErrorContext> errors = new CopyOnWriteArrayList<>();
    long[] heapMidWave = {0};
    long[] finishedAndSum = run(EventLoop.builder().exceptionHandler((loop, ctx) -> errors.add(ctx)), () -> {
      long finished = 0;
      long sum = 0;
      for (int base = 0; base < total; base += WAVE) {
        List<AsyncTask<Integer>> wave = new ArrayList<>(WAVE);
        for (int i = base; i < Math.min(total, base + WAVE); i++) {
          int k = i;
          wave.add(createTask(() -> {
            if ((k & 1) == 0) {
              sleep(Duration.ZERO); // suspends once
            }
            return k;
          }));
        }
        if (base == total / 2 / WAVE * WAVE) {
          heapMidWave[0] = usedHeapAfterGc(); // a wave created, none finished yet
        }
        for (Object r : gather(wave, /* returnExceptions= */ false).await()) {
          sum += (Integer) r;
          finished++;
        }
      }
      return new long[] {finished, sum};
    });
    return new Outcome(finishedAndSum[0], finishedAndSum[1], heapMidWave[0], errors);
  }
}
