package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class PackedListTest {

  // A packed list of two longs ends: packing byte, int size, 16 bytes of values, TC_ENDBLOCKDATA.
  private static final int SIZE_FROM_END = -1 - 16 - 4;
  private static final int PACKING_FROM_END = SIZE_FROM_END - 1;

  private final Codec codec = Codec.allowing(List.of(), Frames.DEFAULT_MAX_PAYLOAD, 1000);

  @SuppressWarnings("unchecked") // the codec returns what was encoded
  private <T> List<T> roundTrip(List<T> items) throws Exception {
    return (List<T>) codec.decode(Codec.encode(PackedList.copyOf(items)));
  }

  @Property(tries = 50)
  void longs_roundTrip(@ForAll List<Long> items) throws Exception {
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Property(tries = 50)
  void ints_roundTrip(@ForAll List<Integer> items) throws Exception {
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Property(tries = 50)
  void doubles_roundTrip(@ForAll List<Double> items) throws Exception {
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Test
  void numbersOfOneType_cost8BytesEach_notAnObjectEach() throws IOException {
    List<Long> longs = IntStream.range(0, 10_000).mapToObj(i -> (long) i << 40).toList();

    int packed = Codec.encode(PackedList.copyOf(longs)).length;
    int plain = Codec.encode(new ArrayList<>(longs)).length;

    assertThat(packed).isBetween(80_000, 81_000);
    assertThat(plain).isGreaterThan(packed + 10_000);
  }

  @Test
  void mixedTypesAndNulls_fallBackToObjects_inOrder() throws Exception {
    List<@Nullable Object> mixed = Arrays.asList(1, 2L, 3.0, null, "four", List.of(5));

    assertThat(roundTrip(mixed)).containsExactlyElementsOf(mixed);
    assertThat(roundTrip(List.<Long>of())).isEmpty();
    assertThat(roundTrip(Arrays.<@Nullable Long>asList(1L, null))).containsExactly(1L, null);
  }

  @Test
  void aSizeLongerThanTheStream_failsAtTheEnd_withoutReservingIt() throws IOException {
    byte[] bytes = Codec.encode(PackedList.copyOf(List.of(1L, 2L)));
    bytes[SIZE_FROM_END + bytes.length] = 0x3B; // the size's high byte: it now claims a billion longs

    assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOfAny(EOFException.class, InvalidObjectException.class);
  }

  @Test
  void unknownPacking_refused() throws IOException {
    byte[] bytes = Codec.encode(PackedList.copyOf(List.of(1L, 2L)));
    bytes[PACKING_FROM_END + bytes.length] = 9;

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("malformed packed list");
  }

  @Property(tries = 50)
  void strings_packWithATypeByteEach_bothWays(@ForAll List<String> items) throws Exception {
    PackedList<String> list = PackedList.copyOf(items);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    assertThat(list.packs()).isEqualTo(!items.isEmpty());
    if (list.packs()) {
      list.writePacked(new java.io.DataOutputStream(bytes));
      assertThat(PackedList.<String>readPacked(
              new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))))
          .containsExactlyElementsOf(items);
    }
    assertThat(roundTrip(items)).as("serialized: element by element").containsExactlyElementsOf(items);
  }

  @Test
  void plainPackingInASerializationStream_refused() throws IOException {
    byte[] bytes = Codec.encode(PackedList.copyOf(List.of(1L, 2L)));
    bytes[PACKING_FROM_END + bytes.length] = 4; // PLAIN, which only the packed form uses

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("malformed packed list");
  }

  @Property(tries = 50)
  void writePacked_readPacked_roundTripWithoutAnObjectStream(@ForAll List<Long> items) throws Exception {
    if (items.isEmpty()) {
      return; // an empty list has no element type, so it does not pack (checked below)
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    PackedList.copyOf(items).writePacked(new java.io.DataOutputStream(bytes));

    PackedList<Long> read =
        PackedList.readPacked(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

    assertThat(read).containsExactlyElementsOf(items);
    assertThat(bytes.size()).isEqualTo(1 + 4 + 8 * items.size());
  }

  @Test
  void severalBlocksAndAPartialOne_roundTripBothWays() throws Exception {
    List<Long> longs = IntStream.range(0, 3_001).mapToObj(i -> i * 1_000_003L).toList(); // 8 KiB blocks: 2 and a bit
    List<Integer> ints = IntStream.range(0, 5_000).map(i -> -i).boxed().toList();

    assertThat(roundTrip(longs)).containsExactlyElementsOf(longs);
    assertThat(roundTrip(ints)).containsExactlyElementsOf(ints);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    PackedList.copyOf(longs).writePacked(new java.io.DataOutputStream(bytes));
    assertThat(PackedList.<Long>readPacked(
            new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))))
        .containsExactlyElementsOf(longs);
  }

  @Test
  void writePacked_listThatDoesNotPack_refused() {
    PackedList<Object> mixed = PackedList.copyOf(Arrays.asList(1L, List.of(2L)));

    assertThat(mixed.packs()).isFalse();
    assertThat(PackedList.copyOf(List.of()).packs()).isFalse();
    assertThatThrownBy(() -> mixed.writePacked(new java.io.DataOutputStream(java.io.OutputStream.nullOutputStream())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("packs()");
  }

  @Test
  void readPacked_objectsPackingOrNegativeSize_refused() {
    byte[] objects = {3, 0, 0, 0, 1};
    byte[] negative = {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    for (byte[] header : List.of(objects, negative)) {
      assertThatThrownBy(
              () -> PackedList.readPacked(new java.io.DataInputStream(new java.io.ByteArrayInputStream(header))))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("malformed packed list");
    }
  }

  @Test
  void isAnUnmodifiableList() {
    PackedList<Integer> list = PackedList.copyOf(List.of(1, 2));

    assertThat(list).containsExactly(1, 2);
    assertThatThrownBy(() -> list.add(3)).isInstanceOf(UnsupportedOperationException.class);
  }

}
