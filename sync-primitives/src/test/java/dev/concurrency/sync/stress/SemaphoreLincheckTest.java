package dev.concurrency.sync.stress;

import dev.concurrency.sync.CountingSemaphore;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Lincheck model checking of the counting semaphore's non-blocking operations (public: Lincheck instantiates it). */
@Tag("stress")
public final class SemaphoreLincheckTest {

  private final CountingSemaphore semaphore = CountingSemaphore.create(1);

  @Operation
  public boolean tryAcquire() {
    return semaphore.tryAcquire();
  }

  @Operation
  public void release() {
    semaphore.release();
  }

  @Operation
  public int availablePermits() {
    return semaphore.availablePermits();
  }

  @Test
  void modelChecking_isLinearizable() {
    ModelCheckingOptions options = new ModelCheckingOptions().iterations(20).invocationsPerIteration(500);
    options.check(SemaphoreLincheckTest.class);
  }
}
