package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class RemoteFailureTest {

  @Test
  void of_capturesTypeMessageAndStackWithCauses() {
    Exception thrown = new IllegalStateException("outer", new ArithmeticException("inner"));

    RemoteFailure failure = RemoteFailure.of(thrown);

    assertThat(failure.type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.message()).isEqualTo("outer");
    assertThat(failure.stack()).contains("RemoteFailureTest.of_capturesTypeMessageAndStackWithCauses", "Caused by: java.lang.ArithmeticException: inner");
  }

  @Test
  void encodeDecode_roundTrips_nullMessageBecomesEmpty() throws IOException {
    RemoteFailure failure = RemoteFailure.of(new NullPointerException());

    assertThat(RemoteFailure.decode(failure.encode())).isEqualTo(failure);
    assertThat(failure.message()).isEmpty();
  }

  @Test
  void decode_truncated_throwsIOException() {
    byte[] bytes = RemoteFailure.of(new RuntimeException("x")).encode();

    assertThatThrownBy(() -> RemoteFailure.decode(Arrays.copyOf(bytes, bytes.length / 2))).isInstanceOf(IOException.class);
  }
}
