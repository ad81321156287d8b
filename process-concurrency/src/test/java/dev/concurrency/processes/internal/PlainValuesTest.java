package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class PlainValuesTest {

  private static byte[] write(@Nullable Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PlainValues.write(new DataOutputStream(bytes), value);
    return bytes.toByteArray();
  }

  private static @Nullable Object read(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    Object value = PlainValues.read(in);
    assertThat(in.available()).as("bytes left over").isZero();
    return value;
  }

  @Test
  void everyPlainType_roundTrips_asItsOwnType() throws IOException {
    List<@Nullable Object> values = Arrays.asList(
        null, true, false, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN, "", "snow ☃ and 𝄞",
        new long[] {1, Long.MIN_VALUE}, new int[] {}, new double[] {0.5, Double.POSITIVE_INFINITY},
        new byte[] {-1, 0, 1});

    for (Object value : values) {
      assertThat(PlainValues.isPlain(value)).as("plain: %s", value).isTrue();
      Object back = read(write(value));
      assertThat(back).as("round trip of %s", value).isEqualTo(value); // arrays: element by element
      assertThat(back == null ? null : back.getClass()).isEqualTo(value == null ? null : value.getClass());
    }
  }

  @Property(tries = 100)
  void strings_roundTrip(@ForAll String text) throws IOException {
    assertThat(read(write(text))).isEqualTo(text);
  }

  @Property(tries = 50)
  void longArrays_roundTrip(@ForAll long[] numbers) throws IOException {
    assertThat((long[]) read(write(numbers))).containsExactly(numbers);
  }

  @Test
  void aStringLongerThanWriteUtfTakes_roundTrips() throws IOException {
    String large = "é".repeat(40_000); // 80,000 bytes of UTF-8: past writeUTF's 65,535

    assertThat(read(write(large))).isEqualTo(large);
  }

  @Test
  void otherTypes_areNotPlain_andWriteRefusesThem() {
    for (Object value : List.of(Duration.ZERO, List.of(1L), new Object(), new String[] {"a"}, 'c', 1.0f)) {
      assertThat(PlainValues.isPlain(value)).as("plain: %s", value).isFalse();
      assertThatThrownBy(() -> write(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("isPlain");
    }
  }

  @Test
  void malformedInput_refusedBeforeAnythingIsAllocatedForIt() throws IOException {
    byte[] unknownType = {99};
    byte[] longer = write(new long[] {1, 2});
    longer[4] = 3; // the length's low byte: three longs, with two in the stream
    byte[] huge = write(new byte[] {1});
    huge[1] = 0x7F; // a length of two billion bytes, in a stream of six
    byte[] negative = write("x");
    negative[2] = (byte) 0x80; // after the type byte and the string's form byte

    assertThatThrownBy(() -> read(unknownType))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("unknown type 99");
    for (byte[] bytes : List.of(longer, huge, negative)) {
      assertThatThrownBy(() -> read(bytes))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("bytes are left");
    }
    assertThatThrownBy(() -> read(Arrays.copyOf(write(5L), 5))).isInstanceOf(EOFException.class);
  }
}
