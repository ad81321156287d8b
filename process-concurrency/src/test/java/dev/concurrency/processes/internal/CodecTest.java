package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.TransferLimitException;
import dev.concurrency.processes.TransferLimits;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CodecTest {

  private final Codec codec = Codec.allowing(List.of(), 1 << 20, 50);

  /** A linked list whose depth a test controls. */
  record Node(int value, Node next) implements Serializable {}

  @Test
  void decode_allowedValues_roundTrip() throws Exception {
    Object value = Map.of("a", List.of(1, 2L, 3.0), "b", new int[] {4, 5});

    @SuppressWarnings("unchecked")
    Map<String, Object> decoded = (Map<String, Object>) codec.decode(Codec.encode(value));

    assertThat(decoded.get("a")).isEqualTo(List.of(1, 2L, 3.0));
    assertThat((int[]) decoded.get("b")).containsExactly(4, 5);
  }

  @Test
  void null_isTheEmptyPayload_bothWays() throws Exception {
    assertThat(Codec.encode(null)).isEmpty();
    assertThat(codec.decode(new byte[0])).isNull();
  }

  @Test
  void decode_classOutsideTheAllowlist_rejected() throws IOException {
    byte[] bytes = Codec.encode(URI.create("http://example.com"));

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("java.net.URI; not on the deserialization allowlist")
        .hasMessageContaining("allow(");
  }

  @Test
  void decode_extraPattern_allowsThatClass() throws Exception {
    Codec wider = Codec.allowing(List.of("java.net.URI"), 1 << 20, 50);

    assertThat(wider.decode(Codec.encode(URI.create("http://example.com")))).isEqualTo(URI.create("http://example.com"));
    assertThat(wider.extraAllowlist()).containsExactly("java.net.URI");
    assertThat(wider.allowlist()).startsWith(Codec.BASE_ALLOWLIST.toArray(String[]::new));
  }

  @Test
  void decode_graphDeeperThanLimit_rejected() throws IOException {
    Node deep = null;
    for (int i = 0; i < 100; i++) {
      deep = new Node(i, deep);
    }
    byte[] bytes = Codec.encode(deep);

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("levels deep, above TransferLimits.maxDepth = 50")
        .hasMessageContaining("withMaxDepth")
        .hasCauseInstanceOf(InvalidClassException.class)
        .extracting(e -> ((TransferLimitException) e).limit())
        .isEqualTo(TransferLimits.Limit.MAX_DEPTH);
  }

  @Test
  void decode_moreObjectsThanTheLimit_namesMaxObjects_notTheAllowlist() throws IOException {
    Codec few = Codec.allowing(List.of(), TransferLimits.DEFAULT.withMaxObjects(10));
    ArrayList<Integer> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(1000 + i); // outside Integer's cache: distinct objects
    }

    assertThatThrownBy(() -> few.decode(Codec.encode(many)))
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("TransferLimits.maxObjects = 10")
        .hasMessageNotContaining("allowlist");
  }

  @Test
  void decode_arrayLongerThanTheLimit_namesMaxArrayLength() throws IOException {
    Codec shortArrays = Codec.allowing(List.of(), TransferLimits.DEFAULT.withMaxArrayLength(3));

    assertThatThrownBy(() -> shortArrays.decode(Codec.encode(new String[] {"a", "b", "c", "d"})))
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("4 elements in one array, above TransferLimits.maxArrayLength = 3");
  }

  @Test
  void decode_streamLargerThanLimit_rejected() throws IOException {
    Codec small = Codec.allowing(List.of(), 1000, 50);
    ArrayList<String> big = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      big.add("item " + i);
    }
    byte[] bytes = Codec.encode(big);

    assertThatThrownBy(() -> small.decode(bytes))
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("bytes encoded, above TransferLimits.maxFrameBytes = 1000");
  }

  @Test
  void decode_serializableLambda_roundTrips() throws Exception {
    dev.concurrency.processes.SerializableCallable<String> lambda = () -> "from a lambda";

    Object decoded = codec.decode(Codec.encode(lambda));

    assertThat(((java.util.concurrent.Callable<?>) decoded).call()).isEqualTo("from a lambda");
  }

  @Test
  void encode_notSerializable_throws() {
    assertThatThrownBy(() -> Codec.encode(new Object())).isInstanceOf(NotSerializableException.class);
  }

  @Test
  void allowing_badPatternsAndLimits_rejectedWithAHint() {
    assertThatThrownBy(() -> Codec.allowing(List.of("a;b"), 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com.example.**");
    assertThatThrownBy(() -> Codec.allowing(List.of("!java.*"), 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Codec.allowing(List.of("maxdepth=9"), 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Codec.allowing(List.of(), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Codec.allowing(List.of(), 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeResult_packedNumbers_travelWithoutAnObjectStream_otherResultsSerialized() throws Exception {
    PackedList<Long> numbers = PackedList.copyOf(List.of(1L, -2L, 3L));
    PackedList<Object> mixed = PackedList.copyOf(List.of(1L, Duration.ofSeconds(2)));

    byte[] packed = Codec.encodeResult(numbers);
    byte[] serialized = Codec.encodeResult(mixed);

    assertThat(packed[0]).isEqualTo(Codec.PACKED);
    assertThat(packed).hasSize(1 + 1 + 4 + 3 * 8); // tag, packing, size, the values
    assertThat(codec.decode(packed)).isEqualTo(List.of(1L, -2L, 3L));
    assertThat(serialized[0]).isEqualTo((byte) 0xAC);
    assertThat(codec.decode(serialized)).isEqualTo(List.of(1L, Duration.ofSeconds(2)));
    assertThat(Codec.encodeResult(null)).isEmpty();
  }

  @Test
  void encodeResult_onePlainValue_travelsWithoutAnObjectStream() throws Exception {
    byte[] pair = Codec.encodeResult(new long[] {7, -8});
    byte[] text = Codec.encodeResult("résumé");

    assertThat(pair[0]).isEqualTo(Codec.PLAIN);
    assertThat(pair).hasSize(1 + 1 + 4 + 2 * 8); // tag, type, length, the values
    assertThat((long[]) codec.decode(pair)).containsExactly(7, -8);
    assertThat(text[0]).isEqualTo(Codec.PLAIN);
    assertThat(codec.decode(text)).isEqualTo("résumé");
    assertThat(Codec.encodeResult(Duration.ZERO)[0]).as("not plain: serialized").isEqualTo((byte) 0xAC);
  }
}
