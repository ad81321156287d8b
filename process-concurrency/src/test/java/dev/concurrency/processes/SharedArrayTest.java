package dev.concurrency.processes;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedArrayTest {

  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** Python's {@code f}: each element becomes the running sum. */
  record RunningSum(SharedArray<Integer> array) implements SerializableRunnable {
    @Override
    public void run() {
      for (int i = 1; i < array.length(); i++) {
        array.set(i, array.get(i) + array.get(i - 1));
      }
    }
  }

  private void arrayChangedInAChild(boolean raw) throws InterruptedException {
    List<Integer> seq = new ArrayList<>(List.of(680, 626, 934, 821, 150, 233, 548, 982, 714, 831));
    SharedArray<Integer> array = raw ? SharedArray.createRaw(CType.INT, seq) : SharedArray.create(CType.INT, seq);

    assertThat(array.length()).isEqualTo(seq.size());
    assertThat(array.get(3)).isEqualTo(seq.get(3));
    assertThat(array.slice(2, 7)).isEqualTo(seq.subList(2, 7));
    array.setSlice(4, List.of(1, 2, 3, 4));
    Collections.copy(seq.subList(4, 8), List.of(1, 2, 3, 4));
    assertThat(array.toList()).isEqualTo(seq);
    for (int i = 1; i < seq.size(); i++) {
      seq.set(i, seq.get(i) + seq.get(i - 1));
    }

    children.run(new RunningSum(array));

    assertThat(array.toList()).isEqualTo(seq);
  }

  // CPython: _test_multiprocessing.py _TestArray.test_array
  @Test
  void array_changedInAChild_isSeenHere() throws InterruptedException {
    arrayChangedInAChild(false);
  }

  // CPython: _test_multiprocessing.py _TestArray.test_rawarray
  @Test
  void rawArray_changedInAChild_isSeenHere() throws InterruptedException {
    arrayChangedInAChild(true);
  }

  // CPython: _test_multiprocessing.py _TestArray.test_array_from_size
  @Test
  void arrayOfASize_startsZeroed_evenOverReusedMemory() {
    for (int round = 0; round < 3; round++) {
      SharedArray<Integer> array = SharedArray.create(CType.INT, 10);
      assertThat(array.length()).isEqualTo(10);
      assertThat(array.toList()).containsOnly(0);
      array.setSlice(0, IntStream.range(0, 10).boxed().toList());
      assertThat(array.toList()).isEqualTo(IntStream.range(0, 10).boxed().toList());
    }
  }

  // CPython: _test_multiprocessing.py _TestArray.test_getobj_getlock_obj
  @Test
  void getLock_defaultGivenOrNone() {
    List<Integer> ten = IntStream.range(0, 10).boxed().toList();
    assertThat(SharedArray.create(CType.INT, ten).getLock()).isInstanceOf(SharedRLock.class);
    SharedLock lock = SharedLock.create();
    assertThat(SharedArray.create(CType.INT, ten, lock).getLock()).isSameAs(lock);
    SharedArray<Integer> raw = SharedArray.createRaw(CType.INT, ten);
    assertThat(raw.hasLock()).isFalse();
    assertThatThrownBy(raw::getLock).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SharedArray.create(CType.INT, ten, new java.util.concurrent.locks.ReentrantLock()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Python's {@code _double}: every value and element times two, the string twice. */
  record Double(SharedValue<Integer> x, SharedValue<java.lang.Double> y, SharedValue<Long> z,
      SharedArray<java.lang.Double> array, SharedArray<Byte> string) implements SerializableRunnable {
    @Override
    public void run() {
      x.set(x.get() * 2);
      y.set(y.get() * 2);
      z.set(z.get() * 2);
      byte[] value = string.value();
      byte[] twice = new byte[value.length * 2];
      System.arraycopy(value, 0, twice, 0, value.length);
      System.arraycopy(value, 0, twice, value.length, value.length);
      string.setValue(twice);
      for (int i = 0; i < array.length(); i++) {
        array.set(i, array.get(i) * 2);
      }
    }
  }

  private void sharedCTypes(boolean lock) throws InterruptedException {
    SharedValue<Integer> x = lock ? SharedValue.create(CType.INT, 7) : SharedValue.createRaw(CType.INT, 7);
    SharedValue<java.lang.Double> y = lock ? SharedValue.create(CType.DOUBLE, 1.0 / 3.0) : SharedValue.createRaw(CType.DOUBLE, 1.0 / 3.0);
    SharedValue<Long> z = lock ? SharedValue.create(CType.LONG_LONG, 1L << 33) : SharedValue.createRaw(CType.LONG_LONG, 1L << 33);
    List<java.lang.Double> tens = IntStream.range(0, 10).mapToObj(i -> (double) i).toList();
    SharedArray<java.lang.Double> array = lock ? SharedArray.create(CType.DOUBLE, tens) : SharedArray.createRaw(CType.DOUBLE, tens);
    SharedArray<Byte> string = lock ? SharedArray.create(CType.CHAR, 20) : SharedArray.createRaw(CType.CHAR, 20);
    string.setValue("hello".getBytes(US_ASCII));

    children.run(new Double(x, y, z, array, string));

    assertThat(x.get()).isEqualTo(14);
    assertThat(y.get()).isCloseTo(2.0 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(z.get()).isEqualTo(1L << 34);
    for (int i = 0; i < 10; i++) {
      assertThat(array.get(i)).isEqualTo(i * 2.0);
    }
    assertThat(new String(string.value(), US_ASCII)).isEqualTo("hellohello");
  }

  // CPython: _test_multiprocessing.py _TestSharedCTypes.test_sharedctypes
  @Test
  void sharedCTypes_raw_changedInAChild() throws InterruptedException {
    sharedCTypes(false); // Python's ctypes Structure (_Foo) has no counterpart here and is left out
  }

  // CPython: _test_multiprocessing.py _TestSharedCTypes.test_synchronize
  @Test
  void sharedCTypes_withLocks_changedInAChild() throws InterruptedException {
    sharedCTypes(true);
  }

  // CPython: _test_multiprocessing.py _TestArray.test_invalid_typecode (3.14)
  @Test
  void unknownTypeCode_refused() {
    assertThatThrownBy(() -> SharedArray.create(CType.of("x"), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void charArray_valueStopsAtTheFirstZero_andTooLongIsRefused() {
    SharedArray<Byte> string = SharedArray.createRaw(CType.CHAR, 4);
    string.setValue("ab".getBytes(US_ASCII));
    assertThat(string.value()).isEqualTo("ab".getBytes(US_ASCII));
    string.setValue("abcd".getBytes(US_ASCII));
    assertThat(string.value()).isEqualTo("abcd".getBytes(US_ASCII));
    assertThatThrownBy(() -> string.setValue("abcde".getBytes(US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> SharedArray.createRaw(CType.INT, 2).value()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void outOfRangeIndexesAndSlices_refused() {
    SharedArray<Integer> array = SharedArray.createRaw(CType.INT, 3);
    assertThatThrownBy(() -> array.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> array.set(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> array.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> array.setSlice(2, List.of(1, 2))).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> SharedArray.create(CType.INT, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SharedArray.create(CType.INT, 0).toList()).isEmpty();
  }
}
