package dev.concurrency.processes;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.locks.Lock;

/**
 * A counter in shared memory that parties in any process add to: Python's {@code _DummyList}, whose
 * {@code append} adds one and whose {@code len} is the count.
 */
final class SharedCounter implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final SharedValue<Integer> count = SharedValue.create(CType.INT, 0);

  void append() {
    Lock lock = count.getLock();
    lock.lock();
    try {
      count.set(count.get() + 1);
    } finally {
      lock.unlock();
    }
  }

  int length() {
    return count.get();
  }
}
