package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedValueTest {

  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** Python's {@code codes_values}: a type code, a first value, a second value. */
  private record Case<T>(CType<T> type, T first, T second) {}

  private static final List<Case<?>> CASES = List.of(
      new Case<>(CType.INT, 4343, 24234),
      new Case<>(CType.DOUBLE, 3.625, -4.25),
      new Case<>(CType.SHORT, (short) -232, (short) 234),
      new Case<>(CType.LONG_LONG, 1L << 33, 1L << 34),
      new Case<>(CType.CHAR, (byte) 'x', (byte) 'y'));

  /** Sets each value to its case's second value. */
  record SetSeconds(List<SharedValue<?>> values, List<Object> seconds) implements SerializableRunnable {
    @Override
    public void run() {
      for (int i = 0; i < values.size(); i++) {
        set(values.get(i), seconds.get(i));
      }
    }

    @SuppressWarnings("unchecked") // each value's type matches its case
    private static <T> void set(SharedValue<T> value, Object second) {
      value.set((T) second);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // each case's value and type match
  private void valuesSetInAChild_areSeenHere(boolean raw) throws InterruptedException {
    List<SharedValue<?>> values = new java.util.ArrayList<>();
    for (Case<?> c : CASES) {
      values.add(raw ? SharedValue.createRaw((CType) c.type(), c.first()) : SharedValue.create((CType) c.type(), c.first()));
    }
    for (int i = 0; i < CASES.size(); i++) {
      assertThat(values.get(i).get()).isEqualTo(CASES.get(i).first());
    }

    children.run(new SetSeconds(values, CASES.stream().map(c -> (Object) c.second()).toList()));

    for (int i = 0; i < CASES.size(); i++) {
      assertThat(values.get(i).get()).isEqualTo(CASES.get(i).second());
    }
  }

  // CPython: _test_multiprocessing.py _TestValue.test_value
  @Test
  void value_setInAChild_isSeenHere() throws InterruptedException {
    valuesSetInAChild_areSeenHere(false);
  }

  // CPython: _test_multiprocessing.py _TestValue.test_rawvalue
  @Test
  void rawValue_setInAChild_isSeenHere() throws InterruptedException {
    valuesSetInAChild_areSeenHere(true);
  }

  // CPython: _test_multiprocessing.py _TestValue.test_getobj_getlock
  @Test
  void getLock_defaultGivenOrNone() {
    SharedValue<Integer> withDefault = SharedValue.create(CType.INT, 5);
    assertThat(withDefault.getLock()).isInstanceOf(SharedRLock.class);

    SharedLock lock = SharedLock.create();
    SharedValue<Integer> withGiven = SharedValue.create(CType.INT, 5, lock);
    assertThat(withGiven.getLock()).isSameAs(lock);

    SharedValue<Integer> raw = SharedValue.createRaw(CType.INT, 5);
    assertThat(raw.hasLock()).isFalse();
    assertThatThrownBy(raw::getLock).isInstanceOf(IllegalStateException.class).hasMessageContaining("no lock");

    Lock notShared = new java.util.concurrent.locks.ReentrantLock();
    assertThatThrownBy(() -> SharedValue.create(CType.INT, 5, notShared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SharedLock or a SharedRLock");
  }

  @Test
  void everyTypeCode_roundTripsItsRange() {
    assertThat(roundTrip(CType.BYTE, Byte.MIN_VALUE)).isEqualTo(Byte.MIN_VALUE);
    assertThat(roundTrip(CType.UNSIGNED_BYTE, (short) 255)).isEqualTo((short) 255);
    assertThat(roundTrip(CType.BOOL, true)).isTrue();
    assertThat(roundTrip(CType.UNSIGNED_SHORT, 65535)).isEqualTo(65535);
    assertThat(roundTrip(CType.WCHAR, '\uD800')).isEqualTo('\uD800');
    assertThat(roundTrip(CType.UNSIGNED_INT, 0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
    assertThat(roundTrip(CType.FLOAT, Float.NaN)).isNaN();
    assertThat(roundTrip(CType.LONG, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(Long.toUnsignedString(roundTrip(CType.UNSIGNED_LONG_LONG, -1L))).isEqualTo("18446744073709551615");
    assertThat(roundTrip(CType.DOUBLE, -0.0)).isEqualTo(-0.0);
  }

  private static <T> T roundTrip(CType<T> type, T value) {
    SharedValue<T> shared = SharedValue.createRaw(type, value);
    return shared.get();
  }

  @Test
  void unsignedOutOfRange_refusedNamingTheRange() {
    SharedValue<Short> unsigned = SharedValue.createRaw(CType.UNSIGNED_BYTE, (short) 0);
    assertThatThrownBy(() -> unsigned.set((short) 256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
    assertThatThrownBy(() -> unsigned.set((short) -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedValue.createRaw(CType.UNSIGNED_INT, -1L)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeCodes_byPythonName_oneInstanceEach() throws Exception {
    assertThat(CType.of("d")).isSameAs(CType.DOUBLE);
    assertThat(CType.of("i").size()).isEqualTo(4);
    assertThat(SerializedCopy.of(CType.INT)).isSameAs(CType.INT);
    assertThatThrownBy(() -> CType.of("z")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown type code 'z'");
  }

  // CPython: _test_multiprocessing.py _TestValue.test_invalid_typecode (3.14)
  @Test
  void unknownTypeCode_refused() {
    assertThatThrownBy(() -> CType.of("x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type code 'x'");
  }

  @Test
  void serializedCopy_isTheSameValue() throws Exception {
    SharedValue<Double> value = SharedValue.create(CType.DOUBLE, 1.5);
    SharedValue<Double> copy = SerializedCopy.of(value);

    copy.set(2.5);

    assertThat(value.get()).isEqualTo(2.5);
    assertThat(copy).isEqualTo(value);
    assertThat(value.toString()).isEqualTo("<SharedValue('d', 2.5)>");
  }
}
