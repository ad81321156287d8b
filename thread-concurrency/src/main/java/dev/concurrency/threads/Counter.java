package dev.concurrency.threads;

import dev.concurrency.threads.internal.Counters;
import java.util.function.Supplier;

/**
 * A counter that many threads increment: one deliberately broken implementation that loses updates, and four
 * correct ones that show the usual fixes and what each costs.
 *
 * {@snippet class=dev.concurrency.threads.ThreadsJavadocSnippetsTest region=counter}
 *
 * <p><b>Why {@code UNSAFE} loses updates.</b> {@code value++} on a plain field is a read, an add and a write.
 * Two threads that read the same value both write value + 1: one increment vanishes. With no happens-before
 * edge, the JIT may also keep the field in a register for a whole loop. {@code volatile} alone would not help:
 * it orders the read and the write but does not make them one step.
 *
 * <p>Thread-safety: every kind but {@link Kind#UNSAFE} is thread-safe and linearizable, except {@link
 * Kind#ADDER}'s {@code get()}, which is exact only once the incrementing threads are quiet (joined). Memory
 * consistency effects: for the safe kinds, an increment happens-before a {@code get()} that sees it; after joining
 * the incrementing threads, {@code get()} returns the exact count.
 *
 * <p><b>Python:</b> {@code counter += 1} on a global is the same read-modify-write; under CPython's GIL a thread
 * switch can fall between the read and the write, so it loses updates too (more rarely), and {@code
 * threading.Lock} is the fix. Python has no atomics or {@code LongAdder}.
 */
public interface Counter {

  /** Adds one. */
  void increment();

  /**
   * The current count.
   *
   * @return the count
   */
  long get();

  /** The implementations, from wrong to cheapest-under-contention. */
  enum Kind {
    /** Wrong on purpose: a plain {@code long} field, {@code value++}. Loses updates under contention. */
    UNSAFE(Counters.Unsafe::new),
    /** {@code synchronized} increment and read: simple, and cheap until threads contend. */
    SYNCHRONIZED(Counters.Synchronized::new),
    /** A {@link java.util.concurrent.locks.ReentrantLock} around the increment: the same, with lock features. */
    LOCK(Counters.Locked::new),
    /** {@link java.util.concurrent.atomic.AtomicLong#incrementAndGet()}: one CAS instruction, no blocking. */
    ATOMIC(Counters.Atomic::new),
    /**
     * {@link java.util.concurrent.atomic.LongAdder}: per-thread cells summed on read; the fastest under heavy
     * contention, at the price of a slower and only quiescently exact {@code get()}.
     */
    ADDER(Counters.Adder::new);

    private final Supplier<Counter> factory;

    Kind(Supplier<Counter> factory) {
      this.factory = factory;
    }

    /**
     * A new counter of this kind, at zero.
     *
     * @return the counter
     */
    public Counter create() {
      return factory.get();
    }
  }
}
