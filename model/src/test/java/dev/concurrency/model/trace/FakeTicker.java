package dev.concurrency.model.trace;

import com.google.common.base.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker the test moves by hand, so traces have exact times. */
final class FakeTicker extends Ticker {

  private final AtomicLong nanos = new AtomicLong(1_000_000L); // not zero, to show the trace's origin is subtracted

  @Override
  public long read() {
    return nanos.get();
  }

  FakeTicker advance(long amount, TimeUnit unit) {
    nanos.addAndGet(unit.toNanos(amount));
    return this;
  }
}
