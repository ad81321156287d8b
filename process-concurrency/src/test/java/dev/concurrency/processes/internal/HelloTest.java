package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.TransferLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class HelloTest {

  private static byte[] write(Hello hello) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    hello.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static Hello read(byte[] bytes) throws IOException {
    return Hello.read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  @Test
  void writeRead_roundTrips_withAndWithoutAColdTask() throws IOException {
    Rendezvous.Ticket ticket = new Rendezvous.Ticket("/tmp/dev.concurrency-1-2/s", "ab".repeat(32));
    TransferLimits limits = TransferLimits.DEFAULT.withMaxDepth(77);
    Hello cold = new Hello(ticket, 42, "marker", false, limits, new byte[] {1, 2, 3});
    Hello idle = new Hello(ticket, 42, "marker", true, limits, null);

    Hello coldBack = read(write(cold));
    Hello idleBack = read(write(idle));

    assertThat(coldBack.ticket()).isEqualTo(ticket);
    assertThat(coldBack.parentPid()).isEqualTo(42);
    assertThat(coldBack.endMarker()).isEqualTo("marker");
    assertThat(coldBack.limits()).isEqualTo(limits);
    assertThat(coldBack.task()).containsExactly(1, 2, 3);
    assertThat(coldBack.warmUp()).isFalse();
    assertThat(idleBack.task()).isNull();
    assertThat(idleBack.warmUp()).isTrue();
  }

  @Test
  void read_notAHello_orTruncated_orALyingLength_refused() throws IOException {
    Hello hello = new Hello(new Rendezvous.Ticket("p", "t"), 1, "m", false, TransferLimits.DEFAULT, new byte[10]);
    byte[] bytes = write(hello);
    byte[] lying = bytes.clone();
    lying[lying.length - 14] = 0x7F; // the high byte of the task length (before its ten bytes): above the frame limit

    assertThatThrownBy(() -> read("not a hello at all".getBytes())).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("hello");
    assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read(lying)).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("task length");
  }
}
