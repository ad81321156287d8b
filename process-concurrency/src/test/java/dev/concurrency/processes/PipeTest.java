package dev.concurrency.processes;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Pipe} and {@link Connection}: Python's connection and poll tests, and this module's rendezvous. */
@Timeout(120)
final class PipeTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private static final byte[] SENTINEL = new byte[0];

  private final List<Connection> ends = new ArrayList<>();
  private final List<CompletableFuture<?>> helpers = new ArrayList<>();
  private final Children children = new Children();

  private Pipe track(Pipe pipe) {
    ends.add(pipe.left());
    ends.add(pipe.right());
    return pipe;
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (Connection end : ends) {
      end.close();
    }
    for (CompletableFuture<?> helper : helpers) {
      helper.get(60, TimeUnit.SECONDS); // a failure in a helper thread fails the test
    }
    children.close();
  }

  interface IoAction {
    void run() throws Exception;
  }

  /** Runs {@code body} on another thread; the test joins it in {@link #closeEverything}. */
  private CompletableFuture<Void> inAnotherThread(IoAction body) {
    CompletableFuture<Void> helper = CompletableFuture.runAsync(() -> {
      try {
        body.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, runnable -> new Thread(runnable).start());
    helpers.add(helper);
    return helper;
  }

  /** Python's {@code _echo}: sends back every byte message until an empty one, then closes. */
  record Echo(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        for (byte[] message = end.recvBytes(); message.length > 0; message = end.recvBytes()) {
          end.sendBytes(message);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestConnection.test_connection
  @Test
  void connection_objectsBytesBuffersPollAndEof_withAnEchoingChild() throws Exception {
    Pipe pipe = track(Pipe.open());
    Connection conn = pipe.left();
    ChildProcess child = children.start(new Echo(pipe.right()));

    List<Object> seq = Arrays.asList(1, 2.25, null);
    conn.send(new ArrayList<>(seq));
    assertThat(conn.recv()).isEqualTo(seq);

    byte[] msg = "hello world".getBytes(US_ASCII);
    conn.sendBytes(msg);
    assertThat(conn.recvBytes()).isEqualTo(msg);

    ByteBuffer arr = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    arr.asIntBuffer().put(new int[] {0, 1, 2, 3});
    ByteBuffer buffer = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
    conn.sendBytes(arr);
    assertThat(conn.recvBytesInto(buffer)).isEqualTo(16);
    assertThat(ints(buffer)).containsExactly(0, 1, 2, 3, 0, 0, 0, 0, 0, 0);

    buffer = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
    conn.sendBytes(arr);
    byte[] intoArray = new byte[40];
    assertThat(conn.recvBytesInto(intoArray, 3 * Integer.BYTES)).isEqualTo(16);
    buffer.put(intoArray).flip();
    assertThat(ints(buffer)).containsExactly(0, 0, 0, 0, 1, 2, 3, 0, 0, 0);

    byte[] longMessage = "hello world".repeat(10).getBytes(US_ASCII);
    conn.sendBytes(longMessage);
    assertThatThrownBy(() -> conn.recvBytesInto(new byte[40]))
        .isInstanceOfSatisfying(BufferTooShortException.class,
            e -> assertThat(e.getMessageBytes()).isEqualTo(longMessage));

    assertThat(conn.poll()).isFalse();
    assertThat(conn.poll(Duration.ofSeconds(-1))).isFalse();
    long start = System.nanoTime();
    assertThat(conn.poll(Duration.ofMillis(100))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());

    conn.send(null);
    assertThat(conn.poll(LONG)).isTrue();
    assertThat(conn.recv()).isNull();

    byte[] reallyBig = new byte[16 << 20];
    Arrays.fill(reallyBig, (byte) 'X');
    conn.sendBytes(reallyBig);
    assertThat(conn.recvBytes()).isEqualTo(reallyBig);

    conn.sendBytes(SENTINEL);
    pipe.right().close(); // this process's copy only: the child holds the end
    assertThat(conn.readable()).isTrue();
    assertThat(conn.writable()).isTrue();
    assertThatThrownBy(conn::recv).isInstanceOf(EOFException.class);
    assertThatThrownBy(conn::recvBytes).isInstanceOf(EOFException.class);
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  private static List<Integer> ints(ByteBuffer buffer) {
    IntBuffer ints = buffer.duplicate().order(ByteOrder.nativeOrder()).position(0).limit(40).slice()
        .order(ByteOrder.nativeOrder()).asIntBuffer();
    List<Integer> values = new ArrayList<>();
    while (ints.hasRemaining()) {
      values.add(ints.get());
    }
    return values;
  }

  // CPython: _test_multiprocessing.py _TestConnection.test_duplex_false
  @Test
  void neverConnected_closeTheSendingEndThenTheListeningOne_bothCloseQuietly() throws Exception {
    Pipe pipe = track(Pipe.open(/* duplex= */ false));
    Connection reader = pipe.left();
    Connection writer = pipe.right();
    assertThat(reader.poll(Duration.ZERO)).isFalse(); // the reading end now listens for its peer

    writer.close();                                   // closed unused: wakes the listener, which reads end of file
    assertThat(reader.poll(Duration.ofSeconds(30))).isTrue(); // end of file is ready: the pipe's directory is gone
    reader.close();                                   // no directory left to mark: closes quietly all the same

    assertThat(reader.closed()).isTrue();
    assertThat(writer.closed()).isTrue();
  }

  @Test
  void oneWay_readerOnlyReceives_writerOnlySends() throws Exception {
    Pipe pipe = track(Pipe.open(/* duplex= */ false));
    Connection reader = pipe.left();
    Connection writer = pipe.right();

    writer.send(1);
    assertThat(reader.recv()).isEqualTo(1);

    assertThat(reader.readable()).isTrue();
    assertThat(reader.writable()).isFalse();
    assertThat(writer.readable()).isFalse();
    assertThat(writer.writable()).isTrue();
    assertThatThrownBy(() -> reader.send(2)).isInstanceOf(IOException.class).hasMessageContaining("read-only");
    assertThatThrownBy(writer::recv).isInstanceOf(IOException.class).hasMessageContaining("write-only");
    assertThatThrownBy(writer::poll).isInstanceOf(IOException.class).hasMessageContaining("write-only");
  }

  // CPython: _test_multiprocessing.py _TestConnection.test_spawn_close
  @Test
  void closingTheChildsEndHere_rightAfterStart_doesNotCloseItThere() throws Exception {
    Pipe pipe = track(Pipe.open());
    ChildProcess child = children.start(new Echo(pipe.right()));
    pipe.right().close(); // may run before the child has even opened its end

    byte[] msg = "hello".getBytes(US_ASCII);
    pipe.left().sendBytes(msg);
    assertThat(pipe.left().recvBytes()).isEqualTo(msg);
    pipe.left().sendBytes(SENTINEL);
    pipe.left().close();
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  // CPython: _test_multiprocessing.py _TestConnection.test_sendbytes
  @Test
  void sendBytes_offsetAndSize_checkedAsPython() throws Exception {
    Pipe pipe = track(Pipe.open());
    Connection a = pipe.left();
    Connection b = pipe.right();
    byte[] msg = "abcdefghijklmnopqrstuvwxyz".getBytes(US_ASCII);

    a.sendBytes(msg);
    assertThat(b.recvBytes()).isEqualTo(msg);
    a.sendBytes(msg, 5);
    assertThat(b.recvBytes()).isEqualTo(Arrays.copyOfRange(msg, 5, 26));
    a.sendBytes(msg, 7, 8);
    assertThat(b.recvBytes()).isEqualTo(Arrays.copyOfRange(msg, 7, 15));
    a.sendBytes(msg, 26);
    assertThat(b.recvBytes()).isEmpty();
    a.sendBytes(msg, 26, 0);
    assertThat(b.recvBytes()).isEmpty();

    assertThatThrownBy(() -> a.sendBytes(msg, 27)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.sendBytes(msg, 22, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.sendBytes(msg, 26, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.sendBytes(msg, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.sendBytes(msg, 4, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: _test_multiprocessing.py _TestConnection.test_context
  @Test
  void tryWithResources_closesBothEnds() throws Exception {
    Pipe pipe = Pipe.open();
    try (Connection a = pipe.left(); Connection b = pipe.right()) {
      a.send(1729);
      assertThat(b.recv()).isEqualTo(1729);
      assertThat(a.closed()).isFalse();
      assertThat(b.closed()).isFalse();
    }
    assertThat(pipe.left().closed()).isTrue();
    assertThat(pipe.right().closed()).isTrue();
    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> pipe.right().recv()).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  // CPython: _test_multiprocessing.py _TestPoll.test_empty_string
  @Test
  void poll_anEmptyMessageIsSomething() throws Exception {
    Pipe pipe = track(Pipe.open());
    assertThat(pipe.left().poll()).isFalse();

    pipe.right().sendBytes(new byte[0]);

    assertThat(pipe.left().poll(LONG)).isTrue();
    assertThat(pipe.left().poll()).isTrue();
  }

  /** Sends each string 100 ms after the last (waiting on an event nobody sets), then closes. */
  record Trickle(Connection end, List<byte[]> strings) implements SerializableRunnable {
    @Override
    public void run() {
      SharedEvent never = SharedEvent.create();
      try (end) {
        for (byte[] s : strings) {
          never.await(Duration.ofMillis(100));
          end.sendBytes(s);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestPoll.test_strings
  @Test
  void poll_shortTimeouts_whileMessagesTrickleIn() throws Exception {
    List<byte[]> strings = List.of("hello", "", "a", "b", "", "bye", "", "lop").stream()
        .map(s -> s.getBytes(US_ASCII)).toList();
    Pipe pipe = track(Pipe.open());
    ChildProcess child = children.start(new Trickle(pipe.right(), strings));

    for (byte[] expected : strings) {
      for (int i = 0; i < 6000 && !pipe.left().poll(Duration.ofMillis(10)); i++) {
        // polls of 10 ms, as Python's test, for at most a minute
      }
      assertThat(pipe.left().recvBytes()).isEqualTo(expected);
    }
    assertThat(child.join(LONG)).isTrue();
  }

  /** Python's {@code _child_dont_merge}: three messages back to back. */
  record SendThree(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        end.sendBytes("a".getBytes(US_ASCII));
        end.sendBytes("b".getBytes(US_ASCII));
        end.sendBytes("cd".getBytes(US_ASCII));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestPoll.test_dont_merge
  @Test
  void messagesSentBackToBack_stayApart() throws Exception {
    Pipe pipe = track(Pipe.open());
    Connection a = pipe.left();
    assertThat(a.poll(Duration.ZERO)).isFalse();
    assertThat(a.poll(Duration.ofMillis(100))).isFalse();

    ChildProcess child = children.start(new SendThree(pipe.right()));

    assertThat(a.recvBytes()).isEqualTo("a".getBytes(US_ASCII));
    assertThat(a.poll(Duration.ofSeconds(10))).isTrue();
    assertThat(a.poll(Duration.ofSeconds(10))).isTrue();
    assertThat(a.recvBytes()).isEqualTo("b".getBytes(US_ASCII));
    assertThat(a.poll(Duration.ofSeconds(10))).isTrue();
    assertThat(a.poll(Duration.ofSeconds(10))).isTrue();
    assertThat(a.poll(Duration.ZERO)).isTrue();
    assertThat(a.recvBytes()).isEqualTo("cd".getBytes(US_ASCII));
    assertThat(child.join(LONG)).isTrue();
  }

  /** Python's {@code child_access}: receives a pipe end and sends on it; receives another and answers from it. */
  record Access(Connection conn) implements SerializableRunnable {
    @Override
    public void run() {
      try (conn) {
        try (Connection w = (Connection) conn.recv()) {
          w.send("all is well");
        }
        try (Connection r = (Connection) conn.recv()) {
          String message = (String) r.recv();
          conn.send(message + message);
        }
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestPicklingConnections.test_access
  @Test
  void pipeEnds_sentOverAConnection_workInTheOtherProcess() throws Exception {
    Pipe control = track(Pipe.open());
    ChildProcess child = children.start(new Access(control.right()));
    control.right().close();

    Pipe first = track(Pipe.open(/* duplex= */ false));
    control.left().send(first.right());
    first.right().close(); // this process's copy only
    assertThat(first.left().recv()).isEqualTo("all is well");

    Pipe second = track(Pipe.open(/* duplex= */ false));
    control.left().send(second.left());
    second.left().close();
    second.right().send("foobar");
    second.right().close();
    assertThat(control.left().recv()).isEqualTo("foobarfoobar");
    assertThat(child.join(LONG)).isTrue();
    assertThat(child.exitCode()).hasValue(0);
  }

  @Test
  void send_beforeTheOtherEndIsUsed_isHeldAndDelivered() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.left().send("first");
    pipe.left().send("second");
    pipe.left().close(); // closed with messages still held: they are delivered, then end of file

    assertThat(pipe.right().recv()).isEqualTo("first");
    assertThat(pipe.right().recv()).isEqualTo("second");
    assertThatThrownBy(() -> pipe.right().recv()).isInstanceOf(EOFException.class);
  }

  @Test
  void close_neverUsedNeverSentEnd_theOtherEndSeesEof() throws Exception {
    Pipe pipe = track(Pipe.open());

    pipe.right().close();

    assertThat(pipe.left().poll(LONG)).as("end of file is something to receive").isTrue();
    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> pipe.left().send("x")).isInstanceOf(IOException.class).hasMessageContaining("broken pipe");
    assertThatThrownBy(() -> pipe.right().send("x")).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void close_whileTheOtherEndWaitsInRecv_wakesItWithEof() throws Exception {
    Pipe pipe = track(Pipe.open());
    CompletableFuture<Void> waiting = inAnotherThread(() ->
        assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(EOFException.class));

    pipe.right().close(); // never used, never sent: the end itself is closed, before or after the recv waits

    waiting.get(60, TimeUnit.SECONDS);
  }

  @Test
  void recv_ofAnEmptyByteMessage_isNotAnObject() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.right().sendBytes(new byte[0]);
    pipe.right().send(null);

    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("recvBytes");
    assertThat(pipe.left().recv()).as("null is a message of its own").isNull();
  }

  @Test
  void poll_peerNeverOpened_honoursTheTimeout() throws Exception {
    Pipe pipe = track(Pipe.open());
    SerializedCopy.serialize(pipe.right()); // sent somewhere that never uses it

    long start = System.nanoTime();
    assertThat(pipe.left().poll(Duration.ofMillis(200))).isFalse();

    assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(200).toNanos(), Duration.ofSeconds(30).toNanos());
    assertThat(Connection.waitAny(List.of(pipe.left()), Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void recv_classOutsideTheAllowlist_refused_allowedWithAPattern() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.right().send(URI.create("http://example.com"));
    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(InvalidClassException.class).hasMessageContaining("java.net.URI");

    Pipe allowing = track(Pipe.builder().allow("java.net.URI").open());
    allowing.right().send(URI.create("http://example.com"));
    assertThat(allowing.left().recv()).isEqualTo(URI.create("http://example.com"));
  }

  @Test
  void serialize_endInUse_refused() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.right().send("x");
    Connection inUse = pipe.left();
    inUse.recv();

    assertThatThrownBy(() -> ChildProcess.of(inUse::toString))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already in use");
  }

  @Test
  void sameEnd_openedInTwoProcesses_theSecondIsRefused() throws Exception {
    Pipe pipe = track(Pipe.open());
    Connection elsewhere = SerializedCopy.of(pipe.right()); // another process's copy of the same end
    pipe.left().send("for the first user of the right end");
    assertThat(elsewhere.recv()).isEqualTo("for the first user of the right end");

    Connection third = SerializedCopy.of(pipe.right());
    assertThatThrownBy(third::recv).isInstanceOf(IOException.class).hasMessageContaining("already opened");
  }

  @Test
  void maxMessageSize_refusesLongerSends_andRecvBytesMaxLengthClosesTheConnection() throws Exception {
    Pipe small = track(Pipe.builder().maxMessageSize(8).open());
    assertThatThrownBy(() -> small.left().sendBytes(new byte[9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageSize");

    Pipe pipe = track(Pipe.open());
    pipe.left().sendBytes(new byte[100]);
    assertThatThrownBy(() -> pipe.right().recvBytes(10)).isInstanceOf(IOException.class).hasMessageContaining("bad message length");
    assertThat(pipe.right().closed()).as("as Python: the rest of the message cannot be skipped").isTrue();
  }

  @Test
  void recv_interruptedWhileWaiting_connectionStaysUsable() throws Exception {
    Pipe pipe = track(Pipe.open());
    pipe.right().send("warm"); // both ends connected
    assertThat(pipe.left().recv()).isEqualTo("warm");

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(java.io.InterruptedIOException.class);
    } finally {
      Thread.interrupted();
    }

    pipe.right().send("after");
    assertThat(pipe.left().recv()).isEqualTo("after");
  }

  @Test
  void pipeDirectory_isGoneOnceTheEndsMet() throws Exception {
    List<String> before = pipeDirectories();
    Pipe pipe = track(Pipe.open());
    assertThat(pipeDirectories()).hasSize(before.size() + 1);

    pipe.left().send("x");
    assertThat(pipe.right().recv()).isEqualTo("x");

    assertThat(pipeDirectories()).as("pipe directories in this JVM's directory").isEqualTo(before);
  }

  private static List<String> pipeDirectories() throws IOException {
    try (var files = java.nio.file.Files.list(dev.concurrency.processes.internal.PrivateDirectories.jvmRoot())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("p")).sorted().toList();
    }
  }
}
