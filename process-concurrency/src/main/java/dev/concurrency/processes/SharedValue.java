package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * One C value in shared memory: every process that has it reads and writes the same value.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedValue}
 *
 * <p><b>Semantics.</b> As a {@link SharedArray} of one element: a value made with {@code create} has a lock (a
 * new {@link SharedRLock}, or the one given) that each {@link #get} and {@link #set} holds; one made with
 * {@code createRaw} has none. The value is serializable as a handle to the same memory, and its memory returns
 * to the heap as the array's does.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: as {@link SharedArray}.
 *
 * <p><b>Python:</b> {@code multiprocessing.Value(typecode, value, lock=True)} and {@code RawValue}: {@code value}
 * is {@link #get}/{@link #set}, {@code get_lock()} is {@link #getLock()}. Differences: as {@link SharedArray}.
 *
 * @param <T> the Java type of the value (see {@link CType})
 */
public final class SharedValue<T> implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** An array of one element: the value; the serialized form of the handle. */
  private final SharedArray<T> cell;

  private SharedValue(SharedArray<T> cell) {
    this.cell = cell;
  }

  /**
   * {@return a value set to {@code initial}, with a new reentrant lock}
   *
   * @param <T> the Java type of the value
   * @param type the value's C type
   * @param initial the first value
   */
  public static <T> SharedValue<T> create(CType<T> type, T initial) {
    return new SharedValue<>(SharedArray.create(type, List.of(requireNonNull(initial, "initial"))));
  }

  /**
   * A value set to {@code initial}, guarded by {@code lock}.
   *
   * @param <T> the Java type of the value
   * @param type the value's C type
   * @param initial the first value
   * @param lock the lock that guards it
   * @return the value, in shared memory
   * @throws IllegalArgumentException if {@code lock} is not a {@link SharedLock} or {@link SharedRLock}
   */
  public static <T> SharedValue<T> create(CType<T> type, T initial, Lock lock) {
    return new SharedValue<>(SharedArray.create(type, List.of(requireNonNull(initial, "initial")), lock));
  }

  /**
   * {@return a value set to {@code initial}, without a lock}
   *
   * @param <T> the Java type of the value
   * @param type the value's C type
   * @param initial the first value
   */
  public static <T> SharedValue<T> createRaw(CType<T> type, T initial) {
    return new SharedValue<>(SharedArray.createRaw(type, List.of(requireNonNull(initial, "initial"))));
  }

  /** {@return the value} */
  public T get() {
    return cell.get(0);
  }

  /**
   * Sets the value.
   *
   * @param value the new value
   * @throws IllegalArgumentException if an unsigned type gets a value outside its range
   */
  public void set(T value) {
    cell.set(0, value);
  }

  /** {@return the value's C type} */
  public CType<T> type() {
    return cell.type();
  }

  /** {@return whether the value has a lock (it was not made raw)} */
  public boolean hasLock() {
    return cell.hasLock();
  }

  /**
   * The lock that guards the value: a {@link SharedRLock} unless another was given.
   *
   * @return the lock
   * @throws IllegalStateException if the value is raw
   */
  public Lock getLock() {
    return cell.getLock();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SharedValue<?> that && cell.equals(that.cell);
  }

  @Override
  public int hashCode() {
    return cell.hashCode();
  }

  @Override
  public String toString() {
    return "<SharedValue('" + type().typecode() + "', " + get() + (hasLock() ? ")>" : ", raw)>");
  }
}
