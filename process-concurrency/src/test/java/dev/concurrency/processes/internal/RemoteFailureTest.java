package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.RemoteException;
import dev.concurrency.processes.TransferLimits;
import java.io.IOException;
import java.io.Serial;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RemoteFailureTest {

  private static final int LIMIT = TransferLimits.DEFAULT.maxFrameBytes();
  private final Codec codec = Codec.allowing(List.of(), TransferLimits.DEFAULT);

  @Test
  void of_capturesTypeMessageAndStackWithCauses() {
    Exception thrown = new IllegalStateException("outer", new ArithmeticException("inner"));

    RemoteFailure failure = RemoteFailure.of(thrown);

    assertThat(failure.type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.message()).isEqualTo("outer");
    assertThat(failure.stack()).contains("RemoteFailureTest.of_capturesTypeMessageAndStackWithCauses", "Caused by: java.lang.ArithmeticException: inner");
    assertThat(failure.serialized()).isNotNull();
  }

  @Test
  void encodeDecode_roundTrips_nullMessageBecomesEmpty() throws IOException {
    RemoteFailure failure = RemoteFailure.of(new NullPointerException());

    RemoteFailure decoded = RemoteFailure.decode(failure.encode(LIMIT));

    assertThat(decoded.type()).isEqualTo(failure.type());
    assertThat(decoded.message()).isEmpty();
    assertThat(decoded.stack()).isEqualTo(failure.stack());
    assertThat(decoded.serialized()).isEqualTo(failure.serialized());
  }

  @Test
  void encodeDecode_loneSurrogatesInTheMessage_comeBackUnchanged() throws IOException {
    String message = "a\uD800b\uDC00c\uD83D\uDE00";

    RemoteFailure decoded = RemoteFailure.decode(RemoteFailure.of(new IllegalStateException(message)).encode(LIMIT));

    assertThat(decoded.message()).isEqualTo(message);
  }

  @Test
  void decode_truncated_throwsIOException() {
    byte[] bytes = RemoteFailure.of(new RuntimeException("x")).encode(LIMIT);

    assertThatThrownBy(() -> RemoteFailure.decode(Arrays.copyOf(bytes, bytes.length / 2))).isInstanceOf(IOException.class);
  }

  /** An exception whose every describing method throws. */
  static final class Hostile extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage refuses");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString refuses");
    }
  }

  @Test
  void of_getMessageAndToStringThrow_stillDescribesTheException() {
    RemoteFailure failure = RemoteFailure.of(new Hostile());

    assertThat(failure.type()).isEqualTo(Hostile.class.getName());
    assertThat(failure.message()).isEqualTo("<getMessage() threw java.lang.IllegalStateException>");
    assertThat(failure.stack())
        .startsWith(Hostile.class.getName() + ": <toString() threw java.lang.IllegalStateException>")
        .contains("RemoteFailureTest.of_getMessageAndToStringThrow_stillDescribesTheException");
  }

  /** An exception with a field that cannot be serialized. */
  static final class Unserializable extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the point of the test
    private final Object lock = new Object();

    Unserializable() {
      super("holds " + Object.class.getName());
    }

    Object lock() {
      return lock;
    }
  }

  @Test
  void of_exceptionThatCannotBeSerialized_travelsWithoutItsForm() throws IOException {
    RemoteFailure failure = RemoteFailure.of(new Unserializable());

    assertThat(failure.serialized()).isNull();
    RemoteException remote = RemoteFailure.toRemoteException(failure.encode(LIMIT), codec);
    assertThat(remote.remoteMessage()).isEqualTo("holds java.lang.Object");
    assertThat(remote.getCause()).hasToString("remote traceback: " + remote.getCause().getMessage());
  }

  @Test
  void toRemoteException_allowedClass_causeIsTheOriginalWithItsStackTrace() {
    IllegalStateException original = new IllegalStateException("boom", new ArithmeticException("inner"));

    RemoteException remote = RemoteFailure.toRemoteException(RemoteFailure.of(original).encode(LIMIT), codec);

    assertThat(remote.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom")
        .hasCauseInstanceOf(ArithmeticException.class);
    assertThat(remote.getCause().getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(remote).hasMessage("java.lang.IllegalStateException: boom");
  }

  @Test
  void toRemoteException_classOutsideTheAllowlist_standInCause() {
    byte[] encoded = RemoteFailure.of(new java.io.UncheckedIOException(new IOException("disk"))).encode(LIMIT);

    RemoteException remote = RemoteFailure.toRemoteException(encoded, codec);

    assertThat(remote.remoteType()).isEqualTo("java.io.UncheckedIOException");
    assertThat(remote.getCause()).isNotInstanceOf(java.io.UncheckedIOException.class);
    assertThat(remote.getCause().toString()).contains("java.io.UncheckedIOException", "disk");
  }

  @Test
  void encode_aboveTheFrameLimit_dropsTheFormThenCutsTheText() throws IOException {
    String huge = "x".repeat(200_000);
    RemoteFailure failure = RemoteFailure.of(new IllegalStateException(huge));

    byte[] encoded = failure.encode(100_000);

    assertThat(encoded.length).isLessThanOrEqualTo(100_000);
    RemoteFailure decoded = RemoteFailure.decode(encoded);
    assertThat(decoded.serialized()).isNull();
    assertThat(decoded.message()).startsWith("xxx").contains("more characters cut", "TransferLimits.maxFrameBytes = 100000");
  }

  @Test
  void toRemoteException_malformedPayload_describedNotThrown() {
    RemoteException remote = RemoteFailure.toRemoteException(new byte[] {1, 2, 3}, codec);

    assertThat(remote.remoteType()).isEqualTo("java.io.IOException");
    assertThat(remote.remoteMessage()).contains("malformed");
  }
}
