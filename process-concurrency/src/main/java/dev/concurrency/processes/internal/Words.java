package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Eight-byte words of shared memory with atomic access: a block of a segment seen as {@code long} slots. Slot
 * {@code i} is the 8 bytes at {@code base + 8 * i}, in native byte order and 8-byte aligned, so the
 * {@link VarHandle} atomic modes work on it; across processes as well as threads, since they are the processor's
 * atomic instructions on physical memory every process maps.
 *
 * <p>Thread-safe. Memory consistency effects: those of {@link VarHandle#getVolatile},
 * {@link VarHandle#setVolatile}, {@link VarHandle#compareAndSet} and {@link VarHandle#getAndAdd}.
 */
public final class Words {

  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final ByteBuffer buffer;
  private final int base;
  private final int slots;

  /**
   * The object whose memory these words are, or null. Never read: it is here so that while a thread uses the view
   * (a wait polls it for as long as it lasts), the owner stays reachable, and the heap does not free the memory
   * under the thread and give it to another object ({@link SharedHeap#freeWhenUnreachable}).
   */
  @SuppressWarnings({"unused", "FieldCanBeLocal"})
  private final @Nullable Object owner;

  /**
   * The {@code slots} words from {@code base} of {@code buffer}, memory that nothing frees while it is mapped.
   *
   * @throws IllegalArgumentException if {@code base} is not a multiple of 8 or the words do not fit
   */
  public Words(ByteBuffer buffer, int base, int slots) {
    this(buffer, base, slots, null);
  }

  /**
   * The {@code slots} words from {@code base} of {@code buffer}, memory that {@code owner} owns: the view keeps
   * it reachable.
   *
   * @throws IllegalArgumentException if {@code base} is not a multiple of 8 or the words do not fit
   */
  Words(ByteBuffer buffer, int base, int slots, @Nullable Object owner) {
    this.owner = owner;
    this.buffer = requireNonNull(buffer, "buffer");
    if (base % Long.BYTES != 0 || base < 0 || slots < 0 || base + (long) slots * Long.BYTES > buffer.capacity()) {
      throw new IllegalArgumentException(slots + " words at " + base + " do not fit an aligned " + buffer.capacity() + "-byte buffer");
    }
    this.base = base;
    this.slots = slots;
  }

  /** How many words there are. */
  public int slots() {
    return slots;
  }

  /** Reads word {@code i} with volatile semantics. */
  public long get(int i) {
    return (long) LONGS.getVolatile(buffer, offset(i));
  }

  /** Writes word {@code i} with volatile semantics. */
  public void set(int i, long value) {
    LONGS.setVolatile(buffer, offset(i), value);
  }

  /** Atomically sets word {@code i} to {@code update} if it holds {@code expected}. */
  public boolean compareAndSet(int i, long expected, long update) {
    return LONGS.compareAndSet(buffer, offset(i), expected, update);
  }

  /** Atomically adds {@code delta} to word {@code i}; returns the previous value. */
  public long getAndAdd(int i, long delta) {
    return (long) LONGS.getAndAdd(buffer, offset(i), delta);
  }

  private int offset(int i) {
    if (i < 0 || i >= slots) {
      throw new IndexOutOfBoundsException("word " + i + " of " + slots);
    }
    return base + i * Long.BYTES;
  }
}
