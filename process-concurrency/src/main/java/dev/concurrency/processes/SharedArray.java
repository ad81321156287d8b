package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.HeapBlock;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length array of C values in shared memory: every process that has the array reads and writes the same
 * elements.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedArray}
 *
 * <p><b>Semantics.</b> The elements start at zero, or at the given values. An array made with {@code create}
 * has a lock (a new {@link SharedRLock}, or the one given), and each {@code get}, {@code set}, {@code slice} and
 * {@code setSlice} holds it while it runs, so one call never sees another half done; a compound update needs the
 * lock held around it, as above. An array made with {@code createRaw} has no lock: its accesses are plain reads
 * and writes with full fences (each is seen by other processes, in order, but {@code get} then {@code set} is not
 * atomic).
 *
 * <p><b>As a handle.</b> The array is serializable: capture it in a task or send it over a {@link Connection},
 * and the other process reads and writes the same memory. Its memory returns to the heap when the array becomes
 * unreachable in the process that created it, unless it was ever sent to another process.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: with a lock, those of the lock; raw,
 * a write is followed, and a read preceded, by a full fence.
 *
 * <p><b>Python:</b> {@code multiprocessing.Array(typecode, size_or_initializer, lock=True)} and {@code RawArray};
 * indexing is {@link #get}/{@link #set}, {@code len} is {@link #length()}, {@code a[i:j]} is {@link #slice},
 * {@code a[i:j] = seq} is {@link #setSlice}, {@code get_lock()} is {@link #getLock()}, and a {@code 'c'}
 * array's {@code value} is {@link #value()}/{@link #setValue(byte[])}. Differences: no negative indexes or steps;
 * {@code get_obj()} has no counterpart (the array is its own object); {@code getLock()} of a raw array throws
 * {@link IllegalStateException} (Python: {@code AttributeError}).
 *
 * @param <T> the Java type of the elements (see {@link CType})
 */
public final class SharedArray<T> implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The elements' type. */
  private final CType<T> type;
  /** The number of elements. */
  private final int length;
  /** The shared block that holds the elements. */
  private final HeapBlock data;
  /** The lock that guards the elements; null for a raw array. */
  private final @Nullable SharedMutex lock;

  private SharedArray(CType<T> type, int length, @Nullable SharedMutex lock) {
    this.type = requireNonNull(type, "type");
    if (length < 0) {
      throw new IllegalArgumentException("an array's length must be >= 0, was " + length);
    }
    if ((long) length * type.size() > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException(length + " elements of " + type + " do not fit one shared block");
    }
    this.length = length;
    this.data = HeapBlock.allocate(Math.max(1, length * type.size()));
    this.lock = lock;
  }

  /**
   * {@return an array of {@code length} zeros with a new reentrant lock}
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param length the number of elements
   */
  public static <T> SharedArray<T> create(CType<T> type, int length) {
    return new SharedArray<>(type, length, SharedRLock.create());
  }

  /**
   * {@return an array of {@code initial}'s values with a new reentrant lock}
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param initial the elements' first values, which give the length
   */
  public static <T> SharedArray<T> create(CType<T> type, List<? extends T> initial) {
    return filled(new SharedArray<>(type, initial.size(), SharedRLock.create()), initial);
  }

  /**
   * An array of {@code length} zeros guarded by {@code lock}.
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param length the number of elements
   * @param lock the lock that guards the elements
   * @return the array
   * @throws IllegalArgumentException if {@code lock} is not a {@link SharedLock} or {@link SharedRLock}
   */
  public static <T> SharedArray<T> create(CType<T> type, int length, Lock lock) {
    return new SharedArray<>(type, length, sharedLock(lock));
  }

  /**
   * An array of {@code initial}'s values guarded by {@code lock}.
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param initial the elements' first values, which give the length
   * @param lock the lock that guards the elements
   * @return the array
   * @throws IllegalArgumentException if {@code lock} is not a {@link SharedLock} or {@link SharedRLock}
   */
  public static <T> SharedArray<T> create(CType<T> type, List<? extends T> initial, Lock lock) {
    return filled(new SharedArray<>(type, initial.size(), sharedLock(lock)), initial);
  }

  /**
   * {@return an array of {@code length} zeros without a lock}
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param length the number of elements
   */
  public static <T> SharedArray<T> createRaw(CType<T> type, int length) {
    return new SharedArray<>(type, length, null);
  }

  /**
   * {@return an array of {@code initial}'s values without a lock}
   *
   * @param <T> the Java type of an element
   * @param type the elements' C type
   * @param initial the elements' first values, which give the length
   */
  public static <T> SharedArray<T> createRaw(CType<T> type, List<? extends T> initial) {
    return filled(new SharedArray<>(type, initial.size(), null), initial);
  }

  static SharedMutex sharedLock(Lock lock) {
    if (lock instanceof SharedMutex shared) {
      return shared;
    }
    throw new IllegalArgumentException("a shared value's lock must be a SharedLock or a SharedRLock, not "
        + (lock == null ? "null" : lock.getClass().getName()) + ": other processes could not lock it");
  }

  private static <T> SharedArray<T> filled(SharedArray<T> array, List<? extends T> values) {
    array.setSlice(0, values);
    return array;
  }

  /** {@return the number of elements} */
  public int length() {
    return length;
  }

  /** {@return the elements' C type} */
  public CType<T> type() {
    return type;
  }

  /**
   * Element {@code index}.
   *
   * @param index the element's index
   * @return the element
   * @throws IndexOutOfBoundsException if {@code index} is not {@code 0..length-1}
   */
  public T get(int index) {
    Objects.checkIndex(index, length);
    return locked(() -> read(data.bytes(), index));
  }

  /**
   * Sets element {@code index}.
   *
   * @param index the element's index
   * @param value the new value
   * @throws IndexOutOfBoundsException if {@code index} is not {@code 0..length-1}
   * @throws IllegalArgumentException if an unsigned type gets a value outside its range
   */
  public void set(int index, T value) {
    Objects.checkIndex(index, length);
    requireNonNull(value, "value");
    locked(() -> {
      write(data.bytes(), index, value);
      return null;
    });
  }

  /**
   * The elements {@code from} (inclusive) to {@code to} (exclusive), read at once.
   *
   * @param from the first index
   * @param to the index after the last
   * @return the elements, in a new list
   * @throws IndexOutOfBoundsException if the range is not within the array
   */
  public List<T> slice(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    return locked(() -> {
      ByteBuffer bytes = data.bytes();
      List<T> values = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        values.add(read(bytes, i));
      }
      return values;
    });
  }

  /** {@return every element, read at once} */
  public List<T> toList() {
    return slice(0, length);
  }

  /**
   * Sets the elements from {@code from} on to {@code values}, at once.
   *
   * @param from the first index to set
   * @param values the new values
   * @throws IndexOutOfBoundsException if the values do not fit from {@code from}
   * @throws IllegalArgumentException if an unsigned type gets a value outside its range
   * @throws NullPointerException if a value is null
   */
  public void setSlice(int from, List<? extends T> values) {
    Objects.checkFromIndexSize(from, values.size(), length);
    List<? extends T> checked = List.copyOf(values);
    locked(() -> {
      ByteBuffer bytes = data.bytes();
      for (int i = 0; i < checked.size(); i++) {
        write(bytes, from + i, checked.get(i));
      }
      return null;
    });
  }

  /**
   * The bytes of a {@link CType#CHAR} array up to its first zero byte, as Python's {@code value} of a
   * {@code 'c'} array.
   *
   * @return the bytes before the first zero byte
   * @throws UnsupportedOperationException if the elements are not {@code CHAR}
   */
  public byte[] value() {
    checkChars();
    return locked(() -> {
      ByteBuffer bytes = data.bytes();
      int end = 0;
      while (end < length && bytes.get(end) != 0) {
        end++;
      }
      byte[] value = new byte[end];
      bytes.get(0, value);
      return value;
    });
  }

  /**
   * Sets a {@link CType#CHAR} array's bytes to {@code value}, followed by a zero byte if there is room.
   *
   * @param value the new bytes
   * @throws UnsupportedOperationException if the elements are not {@code CHAR}
   * @throws IllegalArgumentException if {@code value} is longer than the array
   */
  public void setValue(byte[] value) {
    checkChars();
    if (value.length > length) {
      throw new IllegalArgumentException("byte string too long: " + value.length + " bytes for " + length);
    }
    locked(() -> {
      ByteBuffer bytes = data.bytes();
      bytes.put(0, value);
      if (value.length < length) {
        bytes.put(value.length, (byte) 0);
      }
      return null;
    });
  }

  private void checkChars() {
    if (type != CType.CHAR) {
      throw new UnsupportedOperationException("value() is for arrays of CType.CHAR, not of " + type);
    }
  }

  /** {@return whether the array has a lock (it was not made raw)} */
  public boolean hasLock() {
    return lock != null;
  }

  /**
   * The lock that guards the array: a {@link SharedRLock} unless another was given.
   *
   * @return the lock
   * @throws IllegalStateException if the array is raw
   */
  public Lock getLock() {
    if (lock == null) {
      throw new IllegalStateException("a raw shared array has no lock (Python: AttributeError: get_lock)");
    }
    return lock;
  }

  private T read(ByteBuffer bytes, int index) {
    return type.read(bytes, index * type.size());
  }

  private void write(ByteBuffer bytes, int index, T value) {
    type.write(bytes, index * type.size(), value);
  }

  /** Runs {@code access} holding the lock, or between full fences when the array is raw. */
  private <R> R locked(Supplier<R> access) {
    if (lock == null) {
      VarHandle.fullFence();
      R result = access.get();
      VarHandle.fullFence();
      return result;
    }
    lock.lock();
    try {
      return access.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SharedArray<?> that && data.equals(that.data);
  }

  @Override
  public int hashCode() {
    return data.hashCode();
  }

  @Override
  public String toString() {
    Object[] shown = toList().toArray();
    return "<SharedArray('" + type.typecode() + "', " + Arrays.toString(shown) + (lock == null ? ", raw>" : ">");
  }
}
