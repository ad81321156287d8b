package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader on its own, fed by hand, as CPython's test_streams.py does. */
@Timeout(30)
final class StreamReaderTest {

  private static EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  private static String s(byte[] bytes) {
    return new String(bytes, US_ASCII);
  }

  // CPython test_streams.py: test_read_zero / test_read / test_read_line_breaks
  @Test
  void read_n_returnsAtMostN_waitsForData() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      assertThat(r.read(0)).isEmpty();
      AsyncTask<byte[]> t = createTask(() -> r.read(30));
      sleep(Duration.ZERO);
      assertThat(t.done()).isFalse();
      r.feedData(b("line1\nline2\n"));
      assertThat(s(t.await())).isEqualTo("line1\nline2\n");
      r.feedData(b("abcdef"));
      assertThat(s(r.read(4))).isEqualTo("abcd");
      assertThat(s(r.read(4))).isEqualTo("ef");
    });
  }

  // CPython test_streams.py: test_read_until_eof / test_read_eof
  @Test
  void read_negative_readsUntilEof_thenEmpty() {
    run(config(), () -> {
      StreamReader r = new StreamReader(4);
      AsyncTask<byte[]> t = createTask(() -> r.read(-1));
      sleep(Duration.ZERO);
      r.feedData(b("chunk1\n"));
      r.feedData(b("chunk2"));
      sleep(Duration.ZERO);
      assertThat(t.done()).isFalse();
      r.feedEof();
      assertThat(s(t.await())).isEqualTo("chunk1\nchunk2");
      assertThat(r.atEof()).isTrue();
      assertThat(r.read(10)).isEmpty();
    });
  }

  // CPython test_streams.py: test_readline / test_readline_eof / test_readline_empty_eof
  @Test
  void readLine_partialLines_assembledThenTailAtEof() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      r.feedData(b("chunk1 "));
      AsyncTask<byte[]> t = createTask(r::readLine);
      sleep(Duration.ZERO);
      r.feedData(b("chunk2 "));
      r.feedData(b("chunk3\nrest"));
      assertThat(s(t.await())).isEqualTo("chunk1 chunk2 chunk3\n");
      r.feedEof();
      assertThat(s(r.readLine())).isEqualTo("rest");
      assertThat(r.readLine()).isEmpty();
    });
  }

  // CPython test_streams.py: test_readline_limit / test_readline_limit_with_existing_data
  @Test
  void readLine_longerThanLimit_throwsAndDiscardsTheLine() {
    run(config(), () -> {
      StreamReader r = new StreamReader(7);
      r.feedData(b("1234567890\nok\n"));
      assertThatThrownBy(r::readLine)
          .isInstanceOf(LimitOverrunException.class)
          .hasMessageContaining("limit of 7");
      assertThat(s(r.readLine())).isEqualTo("ok\n");
      r.feedData(b("12345678901234567890"));
      assertThatThrownBy(r::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(r.toString()).contains("buffered=0");
    });
  }

  // CPython test_streams.py: test_readuntil_separator / test_readuntil_multi_chunks / test_readuntil_eof
  @Test
  void readUntil_multiByteSeparator_andIncompleteAtEof() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      assertThatThrownBy(() -> r.readUntil(new byte[0])).isInstanceOf(IllegalArgumentException.class);
      r.feedData(b("lineAAA"));
      AsyncTask<byte[]> t = createTask(() -> r.readUntil(b("AAAA")));
      sleep(Duration.ZERO);
      assertThat(t.done()).isFalse();
      r.feedData(b("Ax"));
      assertThat(s(t.await())).isEqualTo("lineAAAA");
      r.feedData(b("no separator"));
      r.feedEof();
      assertThatThrownBy(() -> r.readUntil(b("\n")))
          .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(s(e.partial())).isEqualTo("xno separator");
            assertThat(e.expected()).isEqualTo(-1);
          });
    });
  }

  // CPython test_streams.py: test_readuntil_limit_found_sep — the data stays buffered
  @Test
  void readUntil_separatorBeyondLimit_throwsAndKeepsData() {
    run(config(), () -> {
      StreamReader r = new StreamReader(3);
      r.feedData(b("some dataAA"));
      assertThatThrownBy(() -> r.readUntil(b("AA")))
          .isInstanceOfSatisfying(LimitOverrunException.class, e -> assertThat(e.consumed()).isPositive());
      assertThat(s(r.read(100))).isEqualTo("some dataAA");
    });
  }

  // CPython test_streams.py: test_readexactly / test_readexactly_eof / test_readexactly_limit
  @Test
  void readExactly_waitsForAll_incompleteAtEofCarriesPartial() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      assertThatThrownBy(() -> r.readExactly(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(r.readExactly(0)).isEmpty();
      AsyncTask<byte[]> t = createTask(() -> r.readExactly(10));
      sleep(Duration.ZERO);
      r.feedData(b("12345"));
      sleep(Duration.ZERO);
      assertThat(t.done()).isFalse();
      r.feedData(b("67890abc"));
      assertThat(s(t.await())).isEqualTo("1234567890");
      r.feedEof();
      assertThatThrownBy(() -> r.readExactly(5))
          .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(s(e.partial())).isEqualTo("abc");
            assertThat(e.expected()).isEqualTo(5);
            assertThat(e.getMessage()).contains("3 bytes read on a total of 5");
          });
    });
  }

  // CPython test_streams.py: test_exception / test_exception_waiter
  @Test
  void setException_wakesWaiterWithTheError_laterReadsThrowIt() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      AsyncTask<byte[]> t = createTask(r::readLine);
      sleep(Duration.ZERO);
      IOException boom = new IOException("connection lost");
      r.setException(boom);
      // a task that throws a checked exception hands it to its awaiter inside a CompletionException
      assertThatThrownBy(t::await).isInstanceOf(CompletionException.class).cause().isSameAs(boom);
      assertThatThrownBy(() -> r.read(1)).isSameAs(boom);
      assertThat(r.exception()).isSameAs(boom);
    });
  }

  // CPython test_streams.py: test_read_cancelled / "called while another coroutine is already waiting"
  @Test
  void read_secondWaiterRejected_cancelledReadConsumesNothing() {
    run(config(), () -> {
      StreamReader r = new StreamReader();
      AsyncTask<byte[]> first = createTask(() -> r.read(5));
      sleep(Duration.ZERO);
      assertThatThrownBy(() -> r.read(5))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already waiting");
      first.cancel();
      assertThatThrownBy(first::await).isInstanceOf(CancelledError.class);
      r.feedData(b("hello"));
      assertThat(s(r.read(5))).isEqualTo("hello");
    });
  }

  @Test
  void constructor_nonPositiveLimit_throws() {
    assertThatThrownBy(() -> new StreamReader(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
