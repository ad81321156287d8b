package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.outside.OutsideTasks;
import dev.concurrency.processes.SerializableFunction;
import dev.concurrency.processes.TransferLimits;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

final class StaticChunkTest {

  private static final TransferLimits TEST_LIMITS = TransferLimits.DEFAULT.withMaxFrameBytes(1 << 20).withMaxDepth(50);

  private final Codec codec = Codec.forChild(List.of(), TEST_LIMITS);

  static long[] pair(long x) {
    return new long[] {x, -x};
  }

  static Integer twice(Integer x) {
    return 2 * x;
  }

  static Double half(Double x) {
    if (x < 0) {
      throw new IllegalArgumentException("negative: " + x);
    }
    return x / 2;
  }

  static long sum(long[] values) {
    return Arrays.stream(values).sum();
  }

  static int count(Long... values) {
    return values.length;
  }

  static long total(long... values) {
    return Arrays.stream(values).sum();
  }

  /** A serializable function of two arguments, which no chunk takes. */
  interface Two extends Serializable {
    long apply(long a, long b);
  }

  static long add(long a, long b) {
    return a + b;
  }

  @Test
  void encodeTask_staticFunctionOverNumbers_isSentByNameWithoutAnObjectStream() throws Exception {
    SerializableFunction<Long, long[]> function = StaticChunkTest::pair;

    byte[] payload = Codec.encodeTask(ChunkTask.of(function, List.of(1L, 2L, 3L)));

    assertThat(payload[0]).isEqualTo(StaticChunk.TAG);
    List<Object> results = run(payload);
    assertThat(results).hasSize(3);
    assertThat((long[]) results.get(2)).containsExactly(3, -3);
  }

  @Test
  void call_intsAndDoubles_andANonCapturingLambda_resultsInOrder() throws Exception {
    SerializableFunction<Integer, Integer> twice = StaticChunkTest::twice;
    SerializableFunction<Double, Double> half = StaticChunkTest::half;
    SerializableFunction<Long, Long> square = x -> x * x;

    assertThat(run(Codec.encodeTask(ChunkTask.of(twice, List.of(1, 2, 3))))).containsExactly(2, 4, 6);
    assertThat(run(Codec.encodeTask(ChunkTask.of(half, List.of(1.0, 5.0))))).containsExactly(0.5, 2.5);
    assertThat(run(Codec.encodeTask(ChunkTask.of(square, List.of(3L, 4L))))).containsExactly(9L, 16L);
  }

  @Test
  void of_whatDoesNotQualify_isSerializedInstead() throws Exception {
    long offset = 10;
    SerializableFunction<Long, Long> capturing = x -> x + offset;
    SerializableFunction<Object, Object> identity = StaticChunkTest::identity;

    assertThat(StaticChunk.of(ChunkTask.of(capturing, List.of(1L)))).isEmpty();
    assertThat(StaticChunk.of(ChunkTask.of(identity, List.<Object>of(Duration.ofSeconds(1))))).isEmpty();
    assertThat(StaticChunk.of(ChunkTask.of(identity, Arrays.<Object>asList(1L, List.of(2)))))
        .as("a plain value and a list")
        .isEmpty();
    byte[] serialized = Codec.encodeTask(ChunkTask.of(capturing, List.of(1L)));
    assertThat(serialized[0]).isEqualTo((byte) 0xAC); // Java serialization's magic number
    assertThat(run(serialized)).containsExactly(11L);
  }

  @Test
  void plainValuesOfMixedTypes_areSentByNameToo_andComeBackPacked() throws Exception {
    SerializableFunction<Object, Object> identity = StaticChunkTest::identity;
    List<Object> items = Arrays.asList("text", 2, null, new long[] {3, 4}, 5.0, true);

    byte[] payload = Codec.encodeTask(ChunkTask.of(identity, items));
    Object results = ((Callable<?>) codec.decode(payload)).call();
    byte[] answer = Codec.encodeResult(results);

    assertThat(payload[0]).isEqualTo(StaticChunk.TAG);
    assertThat(answer[0]).isEqualTo(Codec.PACKED);
    assertThat((List<?>) codec.decode(answer)).usingRecursiveFieldByFieldElementComparator().isEqualTo(items);
  }

  @Test
  void arraysAsItems_goByName_andAVarargsMethodTakesEachArrayAsItsArray() throws Exception {
    SerializableFunction<long[], Long> sum = StaticChunkTest::sum;
    SerializableFunction<long[], Long> total = StaticChunkTest::total; // varargs, referred to with its array
    List<long[]> items = List.of(new long[] {1, 2}, new long[] {}, new long[] {3, 4, 5});

    byte[] payload = Codec.encodeTask(ChunkTask.of(sum, items));

    assertThat(payload[0]).isEqualTo(StaticChunk.TAG);
    assertThat(run(payload)).containsExactly(3L, 0L, 12L);
    assertThat(run(Codec.encodeTask(ChunkTask.of(total, items)))).containsExactly(3L, 0L, 12L);
  }

  @Test
  void varargsMethod_getsItsArgumentWrappedInAnArray() throws Exception {
    SerializableFunction<Long, Integer> varargs = StaticChunkTest::count; // javac builds the array in a lambda body

    assertThat(run(Codec.encodeTask(ChunkTask.of(varargs, List.of(1L, 2L))))).containsExactly(1, 1);
  }

  @Test
  void varargsAdapted_aReferenceStraightToAVarargsMethod_isNotCalledByName() {
    SerializedLambda direct = staticReference("count", "([Ljava/lang/Long;)I", "(Ljava/lang/Long;)Ljava/lang/Integer;");
    SerializedLambda arrays = staticReference("sum", "([J)J", "([J)Ljava/lang/Long;");

    assertThat(MethodName.varargsAdapted(direct)).isTrue();
    assertThat(MethodName.varargsAdapted(arrays)).isFalse();
  }

  /** The serialized form of a {@code SerializableFunction} referring straight to a static method of this class. */
  private static SerializedLambda staticReference(String method, String descriptor, String instantiated) {
    return new SerializedLambda(
        StaticChunkTest.class,
        "dev/concurrency/processes/SerializableFunction",
        "apply",
        "(Ljava/lang/Object;)Ljava/lang/Object;",
        MethodHandleInfo.REF_invokeStatic,
        "dev/concurrency/processes/internal/StaticChunkTest",
        method,
        descriptor,
        instantiated,
        new Object[0]);
  }

  @Test
  void methodName_countsParametersOfEveryDescriptorShape() {
    SerializableFunction<long[], Long> arrays = StaticChunkTest::sum;
    SerializableFunction<Long, long[]> primitive = StaticChunkTest::pair;
    Two two = StaticChunkTest::add;

    assertThat(MethodName.of(arrays, 1)).get().extracting(MethodName::descriptor).isEqualTo("([J)J");
    assertThat(MethodName.of(primitive, 1)).isPresent();
    assertThat(MethodName.of(primitive, 0)).isEmpty();
    assertThat(MethodName.of(two, 1)).isEmpty();
  }

  @Test
  void methodName_equalNamesResolveToOneMethod_lookedUpOnce() throws Exception {
    SerializableFunction<Long, long[]> pair = StaticChunkTest::pair;
    MethodName name = MethodName.of(pair, 1).orElseThrow();
    MethodName same = new MethodName(name.capturingClass(), name.implClass(), name.implMethod(), name.descriptor());
    MethodName other =
        new MethodName(name.capturingClass(), name.implClass(), "twice", "(Ljava/lang/Integer;)Ljava/lang/Integer;");

    assertThat(same).isEqualTo(name).hasSameHashCodeAs(name);
    assertThat(other).isNotEqualTo(name);
    assertThat(same.resolve()).isSameAs(name.resolve());
    assertThat(other.resolve().getName()).isEqualTo("twice");
  }

  @Test
  void call_functionThrows_throwsItsExceptionItself() throws Exception {
    SerializableFunction<Double, Double> half = StaticChunkTest::half;
    Callable<?> chunk = (Callable<?>) codec.decode(Codec.encodeTask(ChunkTask.of(half, List.of(1.0, -1.0))));

    assertThatThrownBy(chunk::call).isInstanceOf(IllegalArgumentException.class).hasMessage("negative: -1.0");
  }

  @Test
  void decode_functionOutsideTheAllowlist_refusedWithTheAdvice() throws Exception {
    byte[] payload = Codec.encodeTask(ChunkTask.of(OutsideTasks.same(), List.of(5L)));

    assertThatThrownBy(() -> codec.decode(payload))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining(OutsideTasks.class.getName())
        .hasMessageContaining("allowlist [java.lang.*");
    Codec allowing = Codec.forChild(List.of("com.example.outside.*"), TEST_LIMITS);
    assertThat(((Callable<?>) allowing.decode(payload)).call()).isEqualTo(List.of(5L));
  }

  private static Object identity(Object value) {
    return value;
  }

  @SuppressWarnings("unchecked") // the chunk's results are a list
  private List<Object> run(byte[] payload) throws Exception {
    Object results = ((Callable<?>) codec.decode(payload)).call();
    return (List<Object>) codec.decode(Codec.encode(results)); // back through the codec, as the parent reads them
  }
}
