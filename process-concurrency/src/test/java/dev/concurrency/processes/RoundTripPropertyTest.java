package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * Everything that crosses comes back equal (issue 21, section 2): arbitrary values go to a real worker JVM inside a
 * task, and come back as its result, one at a time ({@code submit}) and in chunks ({@code map}), through every
 * form the codec has (plain values, packed chunks, serialized objects). Equality is exact: strings with any UTF-16
 * content (lone surrogates included), doubles bit for bit ({@code NaN}, {@code -0.0}), arrays element by element.
 */
final class RoundTripPropertyTest {

  private static final long LIMIT_S = 30;
  private static @Nullable ProcessPool pool;

  @BeforeContainer
  static void startPool() {
    pool = ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).name("round-trip").build();
  }

  @AfterContainer
  static void stopPool() throws InterruptedException {
    ProcessPool started = Objects.requireNonNull(pool);
    started.shutdownNow();
    assertThat(started.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  /** A task that returns what it carries: the value goes to the child in the task and comes back as its result. */
  record Echo(@Nullable Object value) implements SerializableCallable<@Nullable Object> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object call() {
      return value;
    }
  }

  /** A record with an array in it: equal when its contents are. */
  record Sample(String name, long count, double[] readings, List<Integer> tags) implements Serializable {
    @Override
    public boolean equals(Object other) {
      return other instanceof Sample that
          && name.equals(that.name)
          && count == that.count
          && Arrays.equals(readings, that.readings)
          && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, count, Arrays.hashCode(readings), tags);
    }

    @Override
    public String toString() {
      return "Sample[" + name + ", " + count + ", " + Arrays.toString(readings) + ", " + tags + "]";
    }
  }

  enum Color {
    RED,
    GREEN
  }

  private static ProcessPool pool() {
    return Objects.requireNonNull(pool);
  }

  private static @Nullable Object roundTrip(@Nullable Object value) throws Exception {
    return pool().submit(new Echo(value)).get(LIMIT_S, TimeUnit.SECONDS);
  }

  @Property(tries = 300)
  void submit_anyValue_comesBackEqual(@ForAll("values") @Nullable Object value) throws Exception {
    Object back = roundTrip(value);

    assertThat(Objects.deepEquals(back, value)).as("%s came back as %s", describe(value), describe(back)).isTrue();
  }

  @Property(tries = 100)
  void map_anyValues_comeBackEqualInOrder(@ForAll("lists") List<@Nullable Object> values) {
    List<Object> back = pool().map(x -> x, values, 3);

    assertThat(back).hasSameSizeAs(values);
    for (int i = 0; i < values.size(); i++) {
      assertThat(Objects.deepEquals(back.get(i), values.get(i))).as("item %s: %s", i, describe(values.get(i))).isTrue();
    }
  }

  @Property(tries = 100)
  void map_stringsWithAnyUtf16_packedChunks_comeBackEqual(@ForAll("strings") List<String> strings) {
    assertThat(pool().map(s -> s, strings, 4)).containsExactlyElementsOf(strings);
  }

  @Example
  void submit_loneSurrogatesAndEdgeNumbers_comeBackExactly() throws Exception {
    List<Object> edges = List.of(
        "a\uD800b", "\uDC00", "x\uD83D", "\uD83D\uDE00", "",
        Double.NaN, -0.0d, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Long.MIN_VALUE, Integer.MIN_VALUE,
        new double[] {Double.NaN, -0.0}, new String[] {"\uDFFF", null}, new long[0]);

    for (Object value : edges) {
      assertThat(Objects.deepEquals(roundTrip(value), value)).as(describe(value)).isTrue();
    }
  }

  @Provide
  Arbitrary<List<String>> strings() {
    return anyString().list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<@Nullable Object>> lists() {
    return values().list().ofMaxSize(10);
  }

  /** Any UTF-16 text, lone surrogates included: chars from the whole range, not only well-formed code points. */
  private static Arbitrary<String> anyString() {
    return Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE).list().ofMaxSize(20)
        .map(chars -> {
          StringBuilder text = new StringBuilder();
          chars.forEach(text::append);
          return text.toString();
        });
  }

  @Provide
  Arbitrary<@Nullable Object> values() {
    Arbitrary<Object> plain = Arbitraries.oneOf(
        anyString(),
        Arbitraries.longs(),
        Arbitraries.integers(),
        Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0).withSpecialValue(Double.POSITIVE_INFINITY),
        Arbitraries.of(true, false),
        Arbitraries.longs().array(long[].class).ofMaxSize(8),
        Arbitraries.integers().array(int[].class).ofMaxSize(8),
        Arbitraries.doubles().withSpecialValue(Double.NaN).array(double[].class).ofMaxSize(8),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(16));
    Arbitrary<Object> objects = Arbitraries.oneOf(
        anyString().array(String[].class).ofMaxSize(4),
        Arbitraries.shorts(),
        Arbitraries.floats(),
        Arbitraries.chars(),
        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)),
        Arbitraries.bigDecimals(),
        Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Instant::ofEpochSecond),
        Arbitraries.longs().map(Duration::ofNanos),
        Arbitraries.of(Color.class),
        samples(),
        Arbitraries.integers().list().ofMaxSize(6).map(ArrayList::new),
        Arbitraries.maps(anyString(), Arbitraries.longs()).ofMaxSize(4),
        anyString().set().ofMaxSize(4),
        Arbitraries.longs().list().ofMaxSize(4).map(List::copyOf));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, plain), net.jqwik.api.Tuple.of(5, objects), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  private static Arbitrary<Object> samples() {
    return Combinators.combine(
            anyString(),
            Arbitraries.longs(),
            Arbitraries.doubles().withSpecialValue(Double.NaN).array(double[].class).ofMaxSize(4),
            Arbitraries.integers().list().ofMaxSize(4))
        .as((name, count, readings, tags) -> new Sample(name, count, readings, List.copyOf(tags)));
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
    return value.getClass().getSimpleName() + " " + text.codePoints().mapToObj(c -> c < 0x20 || c > 0x7e
        ? String.format("\\u%04x", c) : Character.toString(c)).reduce("", String::concat);
  }
}
