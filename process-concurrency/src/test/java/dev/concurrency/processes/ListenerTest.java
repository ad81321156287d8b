package dev.concurrency.processes;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class ListenerTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  private final Children children = new Children();

  @AfterEach
  void stopChildren() throws InterruptedException {
    children.close();
  }

  /** Python's {@code families}: a listener of each family this module has. */
  private static List<Listener.Builder> families() {
    return List.of(Listener.builder(), Listener.builder().address(Address.inet("127.0.0.1", 0)));
  }

  // CPython: _test_multiprocessing.py _TestListener.test_multiple_bind
  @Test
  void bind_anAddressInUse_refused() throws IOException {
    for (Listener.Builder family : families()) {
      try (Listener listener = family.open()) {
        assertThatThrownBy(() -> Listener.open(listener.address())).isInstanceOf(IOException.class);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestListener.test_context
  @Test
  void tryWithResources_closesTheListener_thenAcceptFails() throws IOException, ClassNotFoundException {
    Listener closedAfter;
    try (Listener listener = Listener.open()) {
      closedAfter = listener;
      try (Connection client = Client.connect(listener.address()); Connection server = listener.accept()) {
        client.send(1729);
        assertThat(server.recv()).isEqualTo(1729);
      }
    }
    assertThat(closedAfter.closed()).isTrue();
    assertThatThrownBy(closedAfter::accept).isInstanceOf(IOException.class);
    assertThat(Files.exists(Path.of(((Address.Unix) closedAfter.address()).path()))).as("socket file removed").isFalse();
  }

  // CPython: _test_multiprocessing.py _TestListener.test_empty_authkey
  @Test
  void emptyAuthKey_isAKeyLikeAnother() throws Exception {
    byte[] key = new byte[0];
    Listener used;
    try (Listener listener = Listener.builder().authKey(key).open()) {
      used = listener;
      CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
        try (Connection connection = Client.connect(listener.address(), key)) {
          connection.send(1729);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, OwnThread.EACH);
      try (Connection server = listener.accept()) {
        assertThat(server.recv()).isEqualTo(1729);
      }
      client.get(60, TimeUnit.SECONDS);
    }
    assertThatThrownBy(used::accept).isInstanceOf(IOException.class);
  }

  @Test
  void authKeys_thatDiffer_refusedOnBothSides() throws Exception {
    try (Listener listener = Listener.builder().authKey("right".getBytes(US_ASCII)).open()) {
      CompletableFuture<Throwable> client = CompletableFuture.supplyAsync(() -> {
        try {
          Client.connect(listener.address(), "wrong".getBytes(US_ASCII)).close();
          return null;
        } catch (IOException e) {
          return e;
        }
      }, OwnThread.EACH);

      assertThatThrownBy(listener::accept).isInstanceOf(AuthenticationException.class).hasMessageContaining("keys differ");
      assertThat(client.get(60, TimeUnit.SECONDS)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void authKey_clientWithoutOne_refused() throws Exception {
    try (Listener listener = Listener.builder().authKey("key".getBytes(US_ASCII)).open()) {
      CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
        try (Connection connection = Client.connect(listener.address())) {
          connection.recvBytes(); // the challenge, never answered
          connection.sendBytes("not an answer".getBytes(US_ASCII));
        } catch (IOException e) {
          // the listener hung up: expected
        }
      }, OwnThread.EACH);

      assertThatThrownBy(listener::accept).isInstanceOf(AuthenticationException.class);
      client.get(60, TimeUnit.SECONDS);
    }
  }

  /** The JDK's Unix domain socket addresses are paths: a Linux abstract address is refused with the reason. */
  @Test
  void abstractSocketAddress_refusedWithTheReason() {
    assertThatThrownBy(() -> new Address.Unix("\0something"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("abstract");
  }

  /** Python's {@code _TestListenerClient._test}: connects, sends "hello", closes. */
  record SayHello(Address address) implements SerializableRunnable {
    @Override
    public void run() {
      try (Connection connection = Client.connect(address)) {
        connection.send("hello");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestListenerClient.test_listener_client
  @Test
  void clientInAChild_eachFamily() throws Exception {
    for (Listener.Builder family : families()) {
      try (Listener listener = family.open()) {
        ChildProcess child = children.start(new SayHello(listener.address()));
        try (Connection connection = listener.accept()) {
          assertThat(connection.recv()).isEqualTo("hello");
        }
        assertThat(child.join(LONG)).isTrue();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestListenerClient.test_issue14725
  @Test
  void clientThatAlreadySentAndClosed_isStillAcceptedAndRead() throws Exception {
    try (Listener listener = Listener.open()) {
      children.run(new SayHello(listener.address())); // done before the accept

      try (Connection connection = listener.accept()) {
        assertThat(connection.recv()).isEqualTo("hello");
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestListenerClient.test_issue16955
  @Test
  void poll_onTheClient_seesWhatTheAcceptedSideSent() throws Exception {
    for (Listener.Builder family : families()) {
      try (Listener listener = family.open();
          Connection client = Client.connect(listener.address());
          Connection accepted = listener.accept()) {
        accepted.sendBytes("hello".getBytes(US_ASCII));
        assertThat(client.poll(Duration.ofSeconds(10))).isTrue();
      }
    }
  }

  @Test
  void acceptedConnection_cannotBeSentToAnotherProcess() throws Exception {
    try (Listener listener = Listener.open();
        Connection client = Client.connect(listener.address());
        Connection accepted = listener.accept()) {
      assertThatThrownBy(() -> SerializedCopy.serialize(accepted)).hasMessageContaining("cannot be sent to another one");
      assertThat(client.readable()).isTrue();
    }
  }

  @Test
  void accept_interrupted_listenerStaysOpen() throws Exception {
    try (Listener listener = Listener.open()) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(listener::accept).isInstanceOf(java.io.InterruptedIOException.class);
      } finally {
        Thread.interrupted();
      }
      try (Connection client = Client.connect(listener.address()); Connection accepted = listener.accept()) {
        client.send("still open");
        assertThat(accepted.recv()).isEqualTo("still open");
      }
    }
  }

  @Test
  void tcpListener_bindsTheLoopbackOnAPortTheSystemChose() throws IOException {
    try (Listener listener = Listener.open(Address.inet("127.0.0.1", 0))) {
      Address.Inet address = (Address.Inet) listener.address();
      assertThat(address.port()).isPositive();
      assertThat(address.host()).isEqualTo("127.0.0.1");
      assertThat(address.family()).isEqualTo("AF_INET");
    }
  }
}
