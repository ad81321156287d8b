package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO open blocks in native code
final class PipeTest {

  private final List<Connection> ends = new ArrayList<>();
  private final List<CompletableFuture<?>> helpers = new ArrayList<>();

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
      helper.get(30, TimeUnit.SECONDS); // a failure in a helper thread fails the test
    }
  }

  /** Runs {@code body} on another thread; the test joins it in {@link #closeEverything}. */
  private CompletableFuture<Void> inAnotherThread(IoAction body) {
    CompletableFuture<Void> helper =
        CompletableFuture.runAsync(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    helpers.add(helper);
    return helper;
  }

  interface IoAction {
    void run() throws Exception;
  }

  @Test
  void duplex_bothEndsSendAndReceive_inOrder() throws Exception {
    Pipe pipe = track(Pipe.open());
    CompletableFuture<Void> right = inAnotherThread(
        () -> {
          pipe.right().send("one");
          pipe.right().send(2);
          assertThat(pipe.right().recv()).isEqualTo("back");
        });

    assertThat(pipe.left().recv()).isEqualTo("one");
    assertThat(pipe.left().recv()).isEqualTo(2);
    pipe.left().send("back");
    assertThat(pipe.left()).hasToString("Connection[rw]");
    // the right end reads "back" before the ends close: closing first (in closeEverything) raced that read
    right.get(30, TimeUnit.SECONDS);
  }

  @Test
  void oneWay_leftOnlyReceives_rightOnlySends() throws Exception {
    Pipe pipe = track(Pipe.open(/* duplex= */ false));

    assertThat(pipe.left().readable()).isTrue();
    assertThat(pipe.left().writable()).isFalse();
    assertThatThrownBy(() -> pipe.left().send("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("only receives");
    assertThatThrownBy(() -> pipe.right().recv()).isInstanceOf(IllegalStateException.class).hasMessageContaining("only sends");
    inAnotherThread(() -> pipe.right().send("hello"));
    assertThat(pipe.left().recv()).isEqualTo("hello");
  }

  @Test
  void recv_afterPeerClosed_deliversWhatWasSentThenEof() throws Exception {
    Pipe pipe = track(Pipe.open(/* duplex= */ false));
    inAnotherThread(
        () -> {
          pipe.right().send("a");
          pipe.right().send("b");
          pipe.right().close();
        });

    assertThat(pipe.left().recv()).isEqualTo("a");
    assertThat(pipe.left().recv()).isEqualTo("b");
    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(EOFException.class).hasMessageContaining("closed");
  }

  @Test
  void close_unopenedEnd_otherEndSeesEof() throws Exception {
    Pipe pipe = track(Pipe.open());

    pipe.right().close();

    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> pipe.right().send("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void poll_falseUntilSomethingArrives() throws Exception {
    Pipe pipe = track(Pipe.open());
    CompletableFuture<Void> opened = inAnotherThread(() -> pipe.right().send("first"));
    assertThat(pipe.left().recv()).isEqualTo("first");
    opened.get(30, TimeUnit.SECONDS);

    assertThat(pipe.left().poll(Duration.ofMillis(20))).isFalse();
    pipe.right().send("second");
    assertThat(pipe.left().poll(Duration.ofSeconds(30))).isTrue();
    assertThat(pipe.left().recv()).isEqualTo("second");
    assertThatThrownBy(() -> pipe.left().poll(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pipe.left().poll(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
  }

  @Test
  void recv_classOutsideTheAllowlist_refused() throws Exception {
    Pipe pipe = track(Pipe.open());
    inAnotherThread(() -> pipe.right().send(URI.create("http://example.com")));

    assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(InvalidClassException.class);
  }

  @Test
  void serialize_endInUse_refused() throws Exception {
    Pipe pipe = track(Pipe.open());
    inAnotherThread(() -> pipe.right().send("x"));
    Connection inUse = pipe.left();
    inUse.recv();

    assertThatThrownBy(() -> ChildProcess.of(() -> inUse.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already in use");
  }

  /** Answers each "ping n" with "pong n" until the pipe closes. */
  record Ponger(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        while (true) {
          Object message = end.recv();
          end.send(message.toString().replace("ping", "pong"));
        }
      } catch (EOFException e) {
        System.out.println("ponger: the parent closed the pipe");
      } catch (IOException | ClassNotFoundException e) {
        throw new UncheckedIOException(new IOException(e));
      }
    }
  }

  @Test
  void pingPong_withAChildProcess_thenEofEndsTheChild() throws Exception {
    Pipe pipe = track(Pipe.open());
    Captured output = new Captured();
    ChildProcess child =
        ChildProcess.builder(new Ponger(pipe.right())).output(output.out).jvmOptions(TestJvm.options()).build();
    try {
      child.start();
      for (int i = 1; i <= 3; i++) {
        pipe.left().send("ping " + i);
        assertThat(pipe.left().recv()).isEqualTo("pong " + i);
      }
      pipe.left().close();

      assertThat(child.join(Duration.ofSeconds(30))).isTrue();
      assertThat(child.exitCode()).hasValue(0);
      assertThat(output.lines()).containsExactly("ponger: the parent closed the pipe");
    } finally {
      if (child.isAlive()) {
        child.kill();
        child.join(Duration.ofSeconds(30));
      }
    }
  }
}
