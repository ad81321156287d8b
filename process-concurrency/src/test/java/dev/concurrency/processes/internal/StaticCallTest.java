package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.outside.OutsideTasks;
import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.processes.TransferLimits;
import dev.concurrency.processes.SerializableRunnable;
import java.io.EOFException;
import java.io.InvalidClassException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class StaticCallTest {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private static final TransferLimits TEST_LIMITS = TransferLimits.DEFAULT.withMaxFrameBytes(1 << 20).withMaxDepth(50);

  private final Codec codec = Codec.forChild(List.of(), TEST_LIMITS);

  static void count() {
    RUNS.incrementAndGet();
  }

  static int answer() {
    RUNS.incrementAndGet();
    return 42;
  }

  static String fail() {
    throw new IllegalStateException("the task's own failure");
  }

  @Test
  void of_methodReferenceToStaticMethod_isSentByName() {
    StaticCall call = StaticCall.of(new RunnableTask(StaticCallTest::count)).orElseThrow();

    String self = getClass().getName();
    assertThat(call).isEqualTo(new StaticCall(new MethodName(self, self, "count", "()V"), true));
  }

  @Test
  void of_nonCapturingLambda_isSentByName() {
    SerializableCallable<Integer> lambda = () -> 7;

    StaticCall call = StaticCall.of(lambda).orElseThrow();

    assertThat(call.method().implMethod()).startsWith("lambda$");
    assertThat(call.discardResult()).isFalse();
  }

  @Test
  void of_whatIsNotAStaticCall_isSerializedInstead() {
    int captured = 3;
    SerializableCallable<Integer> capturing = () -> captured;
    String receiver = "bound";
    SerializableCallable<Integer> bound = receiver::length;
    SerializableCallable<String> ownClass = new Named();

    assertThat(StaticCall.of(capturing)).isEmpty();
    assertThat(StaticCall.of(bound)).isEmpty();
    assertThat(StaticCall.of(ownClass)).isEmpty();
    assertThat(StaticCall.of("not a task")).isEmpty();
  }

  @Test
  void decode_runnable_runsTheMethodAndReturnsNull() throws Exception {
    int before = RUNS.get();
    SerializableRunnable task = StaticCallTest::answer; // returns a value, which a Runnable drops

    Object result = decodeTask(Codec.encodeTask(new RunnableTask(task))).call();

    assertThat(result).isNull();
    assertThat(RUNS.get()).isEqualTo(before + 1);
  }

  @Test
  void decode_callable_returnsWhatTheMethodReturns() throws Exception {
    SerializableCallable<Integer> task = StaticCallTest::answer;

    byte[] payload = Codec.encodeTask(task);

    assertThat(payload[0]).isEqualTo(StaticCall.TAG);
    assertThat(decodeTask(payload).call()).isEqualTo(42);
  }

  @Test
  void call_methodThrows_throwsItsExceptionItself() throws Exception {
    SerializableCallable<String> task = StaticCallTest::fail;
    Callable<?> decoded = decodeTask(Codec.encodeTask(task));

    assertThatThrownBy(decoded::call)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the task's own failure");
  }

  @Test
  void decode_classNotOnTheAllowlist_refusedWithTheAdvice() throws Exception {
    byte[] payload = Codec.encodeTask(new RunnableTask(OutsideTasks.noop()));

    assertThatThrownBy(() -> codec.decode(payload))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining(OutsideTasks.class.getName())
        .hasMessageContaining("add a pattern");
    Codec allowing = Codec.forChild(List.of("com.example.outside.*"), TEST_LIMITS);
    assertThat(((Callable<?>) allowing.decode(payload)).call()).isNull();
  }

  @Test
  void decode_truncated_failsInsteadOfGuessing() throws Exception {
    byte[] payload = Codec.encodeTask(new RunnableTask(StaticCallTest::count));
    byte[] truncated = java.util.Arrays.copyOf(payload, payload.length / 2);

    assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(EOFException.class);
  }

  private Callable<?> decodeTask(byte[] payload) throws Exception {
    return (Callable<?>) codec.decode(payload);
  }

  /** A task that is a class of its own, not a lambda. */
  private static final class Named implements SerializableCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() {
      return "named";
    }
  }
}
