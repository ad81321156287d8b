package dev.concurrency.sync.stress;

import dev.concurrency.sync.BoundedSemaphore;
import dev.concurrency.sync.Event;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of {@link Event}'s flag and of {@link BoundedSemaphore}'s bound (a failing release
 * must change nothing, even when it races with an acquire). Scenarios are public nested classes because
 * Lincheck instantiates them.
 */
@Tag("stress")
final class EventLincheckTest {

  /** set / clear / isSet must behave like a boolean register. */
  public static final class Flag {
    private final Event event = new Event();

    @Operation
    public void set() {
      event.set();
    }

    @Operation
    public void clear() {
      event.clear();
    }

    @Operation
    public boolean isSet() {
      return event.isSet();
    }
  }

  /** tryAcquire / release / availablePermits on a 2-permit bounded semaphore. */
  public static final class Bounded {
    private final BoundedSemaphore semaphore = BoundedSemaphore.create(2);

    @Operation
    public boolean tryAcquire() {
      return semaphore.tryAcquire();
    }

    @Operation
    public String release() {
      try {
        semaphore.release();
        return "released";
      } catch (IllegalStateException pastTheBound) {
        return "refused";
      }
    }

    @Operation
    public int availablePermits() {
      return semaphore.availablePermits();
    }
  }

  @Test
  void modelChecking_eventIsABooleanRegister() {
    ModelCheckingOptions options = new ModelCheckingOptions().iterations(20).invocationsPerIteration(500);
    options.check(Flag.class);
  }

  @Test
  void modelChecking_boundedSemaphoreNeverPassesItsBound() {
    ModelCheckingOptions options = new ModelCheckingOptions().iterations(15).invocationsPerIteration(500);
    options.check(Bounded.class);
  }
}
