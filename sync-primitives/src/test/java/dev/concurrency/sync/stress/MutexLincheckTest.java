package dev.concurrency.sync.stress;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.Mutex;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on {@link Mutex}: a plain counter updated only under the mutex must behave as an atomic counter,
 * so any interleaving the model checker finds that loses an update (or deadlocks) is a bug in the mutex.
 * The scenarios are public nested classes because Lincheck instantiates them.
 */
@Tag("stress")
final class MutexLincheckTest {

  /** A read-increment-write in two steps, so that a broken mutex lets another thread in between. */
  static int incrementUnder(Mutex mutex, int[] counter) {
    mutex.lock();
    try {
      int seen = counter[0];
      counter[0] = seen + 1;
      return seen;
    } finally {
      mutex.unlock();
    }
  }

  /** Increments under a barging mutex. */
  public static final class Barging {
    private final Mutex mutex = Mutex.create();
    private final int[] counter = {0};

    @Operation
    public int increment() {
      return incrementUnder(mutex, counter);
    }
  }

  /** Increments under a fair mutex. */
  public static final class Fair {
    private final Mutex mutex = Mutex.create(Fairness.FAIR);
    private final int[] counter = {0};

    @Operation
    public int increment() {
      return incrementUnder(mutex, counter);
    }
  }

  @Test
  void modelChecking_incrementsUnderTheMutexAreAtomic() {
    ModelCheckingOptions options =
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(1_000).threads(2).actorsPerThread(3);
    new LinChecker(Barging.class, options).check();
    new LinChecker(Fair.class, options).check();
  }

  /** The same increment with no mutex at all: the checker must find the lost update. */
  public static final class Unguarded {
    private final int[] counter = {0};

    @Operation
    public int increment() {
      int seen = counter[0];
      counter[0] = seen + 1;
      return seen;
    }
  }

  @Test
  void modelChecking_withoutTheMutex_findsTheLostUpdate() {
    ModelCheckingOptions options =
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(1_000).threads(2).actorsPerThread(3);
    assertThatThrownBy(() -> new LinChecker(Unguarded.class, options).check()).isInstanceOf(AssertionError.class);
  }

  @Test
  void stress_incrementsUnderTheMutexAreAtomic() {
    StressOptions options = new StressOptions().iterations(20).invocationsPerIteration(2_000).threads(3);
    new LinChecker(Barging.class, options).check();
  }
}
