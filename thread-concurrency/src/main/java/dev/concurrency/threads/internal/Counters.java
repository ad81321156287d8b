package dev.concurrency.threads.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.threads.Counter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link Counter.Kind} implementations; see there for what each shows. */
public final class Counters {

  private Counters() {}

  /** Wrong on purpose: not thread-safe, loses updates. */
  public static final class Unsafe implements Counter {
    private long value;

    /** A new unsafe counter at zero. */
    public Unsafe() {}

    @Override
    public void increment() {
      value++; // read, add, write: another thread's increment can fall in between and be overwritten
    }

    @Override
    public long get() {
      return value;
    }
  }

  /** Thread-safe through the counter's monitor. */
  public static final class Synchronized implements Counter {
    @GuardedBy("this")
    private long value;

    /** A new synchronized counter at zero. */
    public Synchronized() {}

    @Override
    public synchronized void increment() {
      value++;
    }

    @Override
    public synchronized long get() {
      return value;
    }
  }

  /** Thread-safe through a {@link ReentrantLock}. */
  public static final class Locked implements Counter {
    private final ReentrantLock lock = new ReentrantLock();

    @GuardedBy("lock")
    private long value;

    /** A new lock-guarded counter at zero. */
    public Locked() {}

    @Override
    public void increment() {
      lock.lock();
      try {
        value++;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long get() {
      lock.lock();
      try {
        return value;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Thread-safe through an {@link AtomicLong}. */
  public static final class Atomic implements Counter {
    private final AtomicLong value = new AtomicLong();

    /** A new atomic counter at zero. */
    public Atomic() {}

    @Override
    public void increment() {
      value.incrementAndGet();
    }

    @Override
    public long get() {
      return value.get();
    }
  }

  /** Thread-safe through a {@link LongAdder}. */
  public static final class Adder implements Counter {
    private final LongAdder value = new LongAdder();

    /** A new adder-backed counter at zero. */
    public Adder() {}

    @Override
    public void increment() {
      value.increment();
    }

    @Override
    public long get() {
      return value.sum();
    }
  }
}
