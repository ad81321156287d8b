package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class FramesTest {

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  private static byte[] written(Frame... frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (Frame frame : frames) {
      Frames.write(out, frame);
    }
    return bytes.toByteArray();
  }

  @Test
  void writeThenRead_roundTripsEveryKindInOrder_thenCleanEof() throws IOException {
    byte[] payload = {1, 2, 3};
    DataInputStream in = in(written(new Frame(Frame.Kind.TASK, 7, payload), Frame.control(Frame.Kind.SHUTDOWN, 0)));

    Frame first = Frames.read(in, 100).orElseThrow();
    Frame second = Frames.read(in, 100).orElseThrow();

    assertThat(first.kind()).isEqualTo(Frame.Kind.TASK);
    assertThat(first.id()).isEqualTo(7);
    assertThat(first.payload()).containsExactly(1, 2, 3);
    assertThat(second.kind()).isEqualTo(Frame.Kind.SHUTDOWN);
    assertThat(second.payload()).isEmpty();
    assertThat(Frames.read(in, 100)).isEqualTo(Optional.empty());
  }

  @Test
  void read_lengthAboveLimit_refusedBeforeAllocating() throws IOException {
    byte[] bytes = written(new Frame(Frame.Kind.RESULT, 1, new byte[101]));

    assertThatThrownBy(() -> Frames.read(in(bytes), 100))
        .isInstanceOf(StreamCorruptedException.class)
        .hasMessageContaining("frame length 101 is outside 0..100");
  }

  @Test
  void read_negativeLength_refused() {
    byte[] bytes = {(byte) 0xff, 0, 0, 0};

    assertThatThrownBy(() -> Frames.read(in(bytes), 100)).isInstanceOf(StreamCorruptedException.class);
  }

  @Test
  void read_unknownKind_refused() throws IOException {
    byte[] bytes = written(Frame.control(Frame.Kind.RESULT, 1));
    bytes[4] = 99;

    assertThatThrownBy(() -> Frames.read(in(bytes), 100))
        .isInstanceOf(StreamCorruptedException.class)
        .hasMessageContaining("unknown frame kind 99");
  }

  @Test
  void read_truncatedInsideAFrame_isEofNotCleanEnd() throws IOException {
    byte[] whole = written(new Frame(Frame.Kind.RESULT, 1, new byte[10]));
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

    assertThatThrownBy(() -> Frames.read(in(truncated), 100)).isInstanceOf(EOFException.class);
  }

  @Test
  void read_negativeLimit_rejected() {
    assertThatThrownBy(() -> Frames.read(in(new byte[0]), -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
