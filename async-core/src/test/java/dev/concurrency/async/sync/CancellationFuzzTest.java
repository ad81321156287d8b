package dev.concurrency.async.sync;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.sync.SyncTesting.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.queues.AsyncQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random schedules of waiting, yielding and cancelling, on a virtual clock: whatever is cancelled when, no
 * permit, lock hand-over, notification or item is lost, no waiter is stranded (every task that is not cancelled
 * finishes) and the limits hold. This is the family of bugs behind CPython bpo-27585, bpo-32734, gh-90155 and
 * gh-112202, searched for rather than written down case by case.
 */
@Timeout(60)
final class CancellationFuzzTest {

  private static final int TASKS = 12;
  private static final int ROUNDS = 5;

  /** Sleeps 0 to 2 ms of virtual time; zero is a bare yield. */
  private static void pause(SplittableRandom rnd) {
    sleep(Duration.ofMillis(rnd.nextInt(3)));
  }

  /** Seeds per case in the default run; {@link CancellationStressTest} runs many more. */
  static final int SEEDS = 60;

  @ParameterizedTest(name = "permits {0}")
  @ValueSource(ints = {1, 2, 3})
  void semaphore_randomCancellations_noPermitLostNoWaiterStranded(int permits) {
    semaphoreSchedules(permits, 0, SEEDS);
  }

  @ParameterizedTest(name = "maxsize {0}")
  @ValueSource(ints = {1, 3})
  void queue_randomCancellations_everyItemPutIsGotExactlyOnce(int maxsize) {
    queueSchedules(maxsize, 0, SEEDS);
  }

  @ParameterizedTest(name = "seeds from {0}")
  @ValueSource(longs = {0})
  void lock_randomCancellations_oneHolderAtATime_noWaiterStranded(long firstSeed) {
    lockSchedules(firstSeed, SEEDS);
  }

  @ParameterizedTest(name = "producers {0}")
  @ValueSource(ints = {1, 3})
  void condition_randomCancellations_noNotificationLost(int producers) {
    conditionSchedules(producers, 0, SEEDS);
  }

  static void lockSchedules(long firstSeed, int seeds) {
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] inside = {0};
      int[] peak = {0};
      AsyncLock lock = new AsyncLock();
      run(config(), () -> {
        List<AsyncTask<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
          SplittableRandom mine = rnd.split();
          tasks.add(createTask(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              lock.acquire();
              try (lock) {
                inside[0]++;
                peak[0] = Math.max(peak[0], inside[0]);
                try {
                  pause(mine);
                } finally {
                  inside[0]--;
                }
              }
              pause(mine);
            }
          }));
        }
        cancelSomeAndFinish(rnd, tasks, /* allMustFinish= */ true);
      });
      assertThat(peak[0]).as("seed %s: one holder at a time", seed).isEqualTo(1);
      assertThat(lock.locked()).as("seed %s", seed).isFalse();
    }
  }

  /**
   * Consumers wait on a condition for items that producers add one at a time with {@code notify(1)}; some of
   * either are cancelled. A notification lost to a cancelled consumer would leave an item in the buffer while a
   * live consumer still waits for one: that must never be the state once the schedule has settled.
   */
  static void conditionSchedules(int producers, long firstSeed, int seeds) {
    for (long s = firstSeed; s < firstSeed + seeds; s++) {
      long seed = s;
      SplittableRandom rnd = new SplittableRandom(seed);
      AsyncCondition cond = new AsyncCondition();
      List<Integer> buffer = new ArrayList<>();
      List<Integer> produced = new ArrayList<>();
      List<Integer> consumed = new ArrayList<>();
      run(config(), () -> {
        List<AsyncTask<Void>> consumers = new ArrayList<>();
        List<AsyncTask<Void>> all = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
          SplittableRandom mine = rnd.split();
          int id = t;
          AsyncTask<Void> task = createTask(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              cond.acquire();
              try (cond) {
                if (id < producers) {
                  buffer.add(id * 100 + r);
                  produced.add(id * 100 + r);
                  cond.notify(1);
                } else {
                  cond.waitFor(() -> !buffer.isEmpty());
                  consumed.add(buffer.remove(0));
                }
              }
              pause(mine);
            }
          });
          all.add(task);
          if (id >= producers) {
            consumers.add(task);
          }
        }
        for (AsyncTask<Void> t : consumers) {
          if (rnd.nextInt(3) == 0) {
            pause(rnd);
            t.cancel();
          }
        }
        sleep(Duration.ofSeconds(1)); // far longer than any schedule needs
        boolean someConsumerWaits = consumers.stream().anyMatch(t -> !t.done());
        assertThat(buffer.isEmpty() || !someConsumerWaits)
            .as("seed %s: an item is left while a consumer waits: a notification was lost", seed).isTrue();
        all.forEach(t -> t.cancel()); // consumers starved because there are more of them than items
        gather(all, /* returnExceptions= */ true).await();
      });
      List<Integer> accounted = new ArrayList<>(consumed);
      accounted.addAll(buffer);
      assertThat(accounted).as("seed %s: every item consumed or still buffered, once", seed)
          .containsExactlyInAnyOrderElementsOf(produced);
    }
  }

  static void semaphoreSchedules(int permits, long firstSeed, int seeds) {
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] inside = {0};
      int[] peak = {0};
      AsyncSemaphore sem = permits == 1 ? new AsyncBoundedSemaphore(1) : new AsyncSemaphore(permits);
      run(config(), () -> {
        List<AsyncTask<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
          SplittableRandom mine = rnd.split();
          tasks.add(createTask(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              sem.acquire();
              try (sem) {
                inside[0]++;
                peak[0] = Math.max(peak[0], inside[0]);
                try {
                  pause(mine);
                } finally {
                  inside[0]--;
                }
              }
              pause(mine);
            }
          }));
        }
        cancelSomeAndFinish(rnd, tasks, /* allMustFinish= */ true);
      });
      assertThat(peak[0]).as("seed %s", seed).isLessThanOrEqualTo(permits);
      assertThat(sem.value()).as("seed %s: every permit came back", seed).isEqualTo(permits);
    }
  }

  static void queueSchedules(int maxsize, long firstSeed, int seeds) {
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      AsyncQueue<Integer> q = new AsyncQueue<>(maxsize);
      List<Integer> put = new ArrayList<>();
      List<Integer> got = new ArrayList<>();
      run(config(), () -> {
        List<AsyncTask<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
          SplittableRandom mine = rnd.split();
          int id = t;
          tasks.add(createTask(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              if (id % 2 == 0) {
                int item = id * 100 + r;
                q.put(item);
                put.add(item); // only once put() returned: a cancelled put put nothing
              } else {
                got.add(q.get());
              }
              pause(mine);
            }
          }));
        }
        cancelSomeAndFinish(rnd, tasks, /* allMustFinish= */ false);
        while (!q.empty()) {
          got.add(q.getNowait());
        }
      });
      assertThat(got).as("seed %s", seed).containsExactlyInAnyOrderElementsOf(put);
    }
  }

  /**
   * Cancels a random third of the tasks at random moments, then waits for the rest; if a waiter were stranded,
   * the remaining consumers or acquirers would never finish and the bounded wait would fail the test. Tasks
   * blocked only because their partners were cancelled (a getter with no putter left) are cancelled at the end,
   * unless {@code allMustFinish}.
   */
  private static void cancelSomeAndFinish(SplittableRandom rnd, List<AsyncTask<Void>> tasks, boolean allMustFinish) {
    for (AsyncTask<Void> t : tasks) {
      if (rnd.nextInt(3) == 0) {
        pause(rnd);
        t.cancel();
      }
    }
    sleep(Duration.ofSeconds(1)); // far longer than any schedule needs
    if (allMustFinish) {
      assertThat(tasks).as("no waiter is stranded").allMatch(AsyncTask::done);
    }
    for (AsyncTask<Void> t : tasks) {
      if (!t.done()) {
        t.cancel(); // starved by a cancelled partner: a queue consumer whose producer is gone
      }
    }
    for (Object outcome : gather(tasks, /* returnExceptions= */ true).await()) {
      assertThat(outcome == null || outcome instanceof CancelledError).as("outcome %s", outcome).isTrue();
    }
  }
}
