package dev.concurrency.sync.stress;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.sync.Fairness;
import dev.concurrency.sync.Mutex;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
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
        new ModelCheckingOptions().iterations(12).invocationsPerIteration(500).threads(2).actorsPerThread(3);
    options.check(Barging.class);
    options.check(Fair.class);
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
    assertThatThrownBy(() -> options.check(Unguarded.class)).isInstanceOf(AssertionError.class);
  }

  /** Two mutexes taken in opposite orders by two operations: the textbook lock-order deadlock. */
  public static final class OppositeOrders {
    private final Mutex first = Mutex.create();
    private final Mutex second = Mutex.create();

    @Operation
    public void firstThenSecond() {
      both(first, second);
    }

    @Operation
    public void secondThenFirst() {
      both(second, first);
    }

    private static void both(Mutex outer, Mutex inner) {
      outer.lock();
      try {
        inner.lock();
        inner.unlock();
      } finally {
        outer.unlock();
      }
    }
  }

  /** The model checker must find the interleaving in which each thread holds one mutex and waits for the other. */
  @Test
  void modelChecking_oppositeLockOrders_findsTheDeadlock() {
    ModelCheckingOptions options =
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(1_000).threads(2).actorsPerThread(2);
    // Lincheck 3.7 reports a deadlock as a hang, printing the interleaving that leads to it
    assertThatThrownBy(() -> options.check(OppositeOrders.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("The execution has hung");
  }

  @Test
  void stress_incrementsUnderTheMutexAreAtomic() {
    StressOptions options = new StressOptions().iterations(20).invocationsPerIteration(2_000).threads(3);
    options.check(Barging.class);
  }
}
