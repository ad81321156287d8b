package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.s;
import static dev.concurrency.async.streams.StreamTesting.virtualTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's test_streams.py, the tests of a {@link StreamReader} fed by hand (no socket). Python's {@code
 * stream._buffer} is {@link StreamReader#buffered()} here; Python's {@code ValueError} from {@code readline()} over
 * the limit is a {@link LimitOverrunException} (a documented difference).
 */
@Timeout(30)
final class StreamReaderConformanceTest {

  private static final byte[] DATA = b("line1\nline2\nline3\n");

  // CPython: test_streams.py StreamTests.test_feed_empty_data
  @Test
  void feedEmptyData_bufferStaysEmpty() {
    StreamReader stream = new StreamReader();
    stream.feedData(b(""));
    assertThat(stream.buffered()).isEmpty();
  }

  // CPython: test_streams.py StreamTests.test_feed_nonempty_data
  @Test
  void feedNonemptyData_isBuffered() {
    StreamReader stream = new StreamReader();
    stream.feedData(DATA);
    assertThat(stream.buffered()).isEqualTo(DATA);
  }

  // CPython: test_streams.py StreamTests.test_read_zero
  @Test
  void readZero_returnsEmpty_consumesNothing() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(DATA);
      assertThat(stream.read(0)).isEmpty();
      assertThat(stream.buffered()).isEqualTo(DATA);
    });
  }

  // CPython: test_streams.py StreamTests.test_read
  @Test
  void read_waitsForDataFedByACallback() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> read = createTask(() -> stream.read(30));
      getRunningLoop().callSoon(() -> stream.feedData(DATA));
      assertThat(read.await()).isEqualTo(DATA);
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_read_line_breaks
  @Test
  void read_n_stopsAtN_notAtALineBreak() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("line1"));
      stream.feedData(b("line2"));
      assertThat(s(stream.read(5))).isEqualTo("line1");
      assertThat(s(stream.buffered())).isEqualTo("line2");
    });
  }

  // CPython: test_streams.py StreamTests.test_read_eof
  @Test
  void read_atEof_returnsEmpty() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> read = createTask(() -> stream.read(1024));
      getRunningLoop().callSoon(stream::feedEof);
      assertThat(read.await()).isEmpty();
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_read_until_eof
  @Test
  void readAll_readsUntilEof() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> read = createTask(() -> stream.read(-1));
      getRunningLoop().callSoon(() -> {
        stream.feedData(b("chunk1\n"));
        stream.feedData(b("chunk2"));
        stream.feedEof();
      });
      assertThat(s(read.await())).isEqualTo("chunk1\nchunk2");
      assertThat(stream.buffered()).isEmpty();
      assertThat(stream.read()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_read_exception
  @Test
  void read_afterSetException_throwsIt() {
    assertThrowsOnceFailed(stream -> stream.read(2), "li", "ne\n");
  }

  /**
   * CPython's three *_exception tests: a read works, then after setException the same read throws the error and
   * leaves {@code left} buffered.
   */
  private static void assertThrowsOnceFailed(Read read, String first, String left) {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("line\n"));
      assertThat(s(read.from(stream))).isEqualTo(first);
      IOException error = new IOException("lost");
      stream.setException(error);
      assertThatThrownBy(() -> read.from(stream)).isSameAs(error);
      assertThat(s(stream.buffered())).isEqualTo(left);
    });
  }

  /** One of the reader's reads. */
  @FunctionalInterface
  private interface Read {
    byte[] from(StreamReader stream) throws IOException;
  }

  // CPython: test_streams.py StreamTests.test_invalid_limit
  @Test
  void invalidLimit_isRejectedNamingTheLimit() {
    assertThatThrownBy(() -> new StreamReader(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imit");
    assertThatThrownBy(() -> new StreamReader(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imit");
  }

  // CPython: test_streams.py StreamTests.test_read_limit
  @Test
  void read_isNotBoundByTheLimit() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(3);
      stream.feedData(b("chunk"));
      assertThat(s(stream.read(5))).isEqualTo("chunk");
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readline
  @Test
  void readLine_assemblesChunksFedLater() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("chunk1 "));
      AsyncTask<byte[]> read = createTask(stream::readLine);
      getRunningLoop().callSoon(() -> {
        stream.feedData(b("chunk2 "));
        stream.feedData(b("chunk3 "));
        stream.feedData(b("\n chunk4"));
      });
      assertThat(s(read.await())).isEqualTo("chunk1 chunk2 chunk3 \n");
      assertThat(s(stream.buffered())).isEqualTo(" chunk4");
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_limit_with_existing_data
  @Test
  void readLine_overLimitWithDataBuffered_discardsThatLineOnly() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(3);
      stream.feedData(b("li"));
      stream.feedData(b("ne1\nline2\n"));
      assertThatThrownBy(stream::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(s(stream.buffered())).isEqualTo("line2\n");

      StreamReader noNewline = new StreamReader(3);
      noNewline.feedData(b("li"));
      noNewline.feedData(b("ne1"));
      noNewline.feedData(b("li"));
      assertThatThrownBy(noNewline::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(noNewline.buffered()).isEmpty(); // no newline: the whole buffer goes
    });
  }

  // CPython: test_streams.py StreamTests.test_at_eof
  @Test
  void atEof_onlyOnceEndedAndEmpty() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      assertThat(stream.atEof()).isFalse();
      stream.feedData(b("some data\n"));
      assertThat(stream.atEof()).isFalse();
      stream.readLine();
      assertThat(stream.atEof()).isFalse();
      stream.feedData(b("some data\n"));
      stream.feedEof();
      stream.readLine();
      assertThat(stream.atEof()).isTrue();
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_limit
  @Test
  void readLine_limitIsStrict_overLongLinesDiscarded() {
    run(virtualTime(), () -> {
      StreamReader first = new StreamReader(7);
      getRunningLoop().callSoon(() -> {
        first.feedData(b("chunk1"));
        first.feedData(b("chunk2"));
        first.feedData(b("chunk3\n"));
        first.feedEof();
      });
      assertThatThrownBy(first::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(first.buffered()).isEmpty();

      StreamReader second = new StreamReader(7);
      getRunningLoop().callSoon(() -> {
        second.feedData(b("chunk1"));
        second.feedData(b("chunk2\n"));
        second.feedData(b("chunk3\n"));
        second.feedEof();
      });
      assertThatThrownBy(second::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(s(second.buffered())).isEqualTo("chunk3\n");

      StreamReader strict = new StreamReader(7);
      strict.feedData(b("1234567\n"));
      assertThat(s(strict.readLine())).isEqualTo("1234567\n");
      assertThat(strict.buffered()).isEmpty();
      strict.feedData(b("12345678\n"));
      assertThatThrownBy(strict::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(strict.buffered()).isEmpty();
      strict.feedData(b("12345678"));
      assertThatThrownBy(strict::readLine).isInstanceOf(LimitOverrunException.class);
      assertThat(strict.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_nolimit_nowait
  @Test
  void readLine_lineAlreadyBuffered_returnsWithoutWaiting() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(java.util.Arrays.copyOfRange(DATA, 0, 6));
      stream.feedData(java.util.Arrays.copyOfRange(DATA, 6, DATA.length));
      assertThat(s(stream.readLine())).isEqualTo("line1\n");
      assertThat(s(stream.buffered())).isEqualTo("line2\nline3\n");
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_eof
  @Test
  void readLine_atEof_returnsTheTailWithoutNewline() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("some data"));
      stream.feedEof();
      assertThat(s(stream.readLine())).isEqualTo("some data");
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_empty_eof
  @Test
  void readLine_emptyAtEof_returnsEmpty() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedEof();
      assertThat(stream.readLine()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_read_byte_count
  @Test
  void readLine_thenRead_continuesAfterTheLine() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(DATA);
      stream.readLine();
      assertThat(s(stream.read(7))).isEqualTo("line2\nl");
      assertThat(s(stream.buffered())).isEqualTo("ine3\n");
    });
  }

  // CPython: test_streams.py StreamTests.test_readline_exception
  @Test
  void readLine_afterSetException_throwsIt() {
    assertThrowsOnceFailed(StreamReader::readLine, "line\n", "");
  }

  // CPython: test_streams.py StreamTests.test_readuntil_separator
  @Test
  void readUntil_emptySeparators_areRejected() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      assertThatThrownBy(() -> stream.readUntil(new byte[0]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator should be");
      assertThatThrownBy(() -> stream.readUntil(List.of(new byte[0])))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator should be");
      assertThatThrownBy(() -> stream.readUntil(List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator should contain");
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_multi_chunks
  @Test
  void readUntil_multiByteSeparator_leavesTheRest() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("lineAAA"));
      assertThat(s(stream.readUntil(b("AAA")))).isEqualTo("lineAAA");
      assertThat(stream.buffered()).isEmpty();
      stream.feedData(b("lineAAA"));
      assertThat(s(stream.readUntil(b("AAA")))).isEqualTo("lineAAA");
      assertThat(stream.buffered()).isEmpty();
      stream.feedData(b("lineAAAxxx"));
      assertThat(s(stream.readUntil(b("AAA")))).isEqualTo("lineAAA");
      assertThat(s(stream.buffered())).isEqualTo("xxx");
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_multi_chunks_1
  @Test
  void readUntil_separatorSplitAcrossChunks_isFound() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      String[][] cases = {
          {"QWEaa", "XYaa", "a"}, {"QWEaa", "XYa", "aa"}, {"aaa"}, {"Xaaa"}, {"XXX", "a", "a", "a"}};
      String[] expected = {"QWEaaXYaaa", "QWEaaXYaaa", "aaa", "Xaaa", "XXXaaa"};
      for (int i = 0; i < cases.length; i++) {
        for (String chunk : cases[i]) {
          stream.feedData(b(chunk));
        }
        assertThat(s(stream.readUntil(b("aaa")))).isEqualTo(expected[i]);
        assertThat(stream.buffered()).isEmpty();
      }
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_eof
  @Test
  void readUntil_eofFirst_incompleteWithEverything() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("some dataAA"));
      stream.feedEof();
      assertThatThrownBy(() -> stream.readUntil(b("AAA")))
          .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(e).hasMessageContaining("undefined expected bytes");
            assertThat(s(e.partial())).isEqualTo("some dataAA");
            assertThat(e.expected()).isEqualTo(-1); // Python: None
          });
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_limit_found_sep
  @Test
  void readUntil_overLimit_notFoundThenFound_dataStays() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(3);
      stream.feedData(b("some dataAA"));
      assertThatThrownBy(() -> stream.readUntil(b("AAA")))
          .isInstanceOf(LimitOverrunException.class).hasMessageContaining("not found");
      assertThat(s(stream.buffered())).isEqualTo("some dataAA");
      stream.feedData(b("A"));
      assertThatThrownBy(() -> stream.readUntil(b("AAA")))
          .isInstanceOf(LimitOverrunException.class).hasMessageContaining("is found");
      assertThat(s(stream.buffered())).isEqualTo("some dataAAA");
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_multi_separator
  @Test
  void readUntil_severalSeparators_firstEndWins() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      List<byte[]> crOrLf = List.of(b("\r"), b("\n"));
      stream.feedData(b("line 1\nline 2\r"));
      assertThat(s(stream.readUntil(crOrLf))).isEqualTo("line 1\n");
      assertThat(s(stream.readUntil(crOrLf))).isEqualTo("line 2\r");
      assertThat(stream.buffered()).isEmpty();
      stream.feedData(b("ABCDEFG")); // "BCDE" ends before "DEF", though "DEF" is shorter
      assertThat(s(stream.readUntil(List.of(b("DEF"), b("BCDE"))))).isEqualTo("ABCDE");
      assertThat(s(stream.buffered())).isEqualTo("FG");
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_multi_separator_limit
  @Test
  void readUntil_severalSeparators_matchBeyondLimit_throwsAndKeeps() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(3);
      stream.feedData(b("some dataA"));
      assertThatThrownBy(() -> stream.readUntil(List.of(b("A"), b("ome dataA"))))
          .isInstanceOf(LimitOverrunException.class).hasMessageContaining("is found");
      assertThat(s(stream.buffered())).isEqualTo("some dataA");
    });
  }

  // CPython: test_streams.py StreamTests.test_readuntil_multi_separator_negative_offset
  @Test
  void readUntil_longSeparatorLongerThanBuffer_offsetNeverNegative() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(b("data"));
      AsyncTask<byte[]> read = createTask(() -> stream.readUntil(List.of(b("A"), b("long sep"))));
      getRunningLoop().callSoon(() -> stream.feedData(b("Z")));
      getRunningLoop().callSoon(() -> stream.feedData(b("Aaaa")));
      assertThat(s(read.await())).isEqualTo("dataZA");
      assertThat(s(stream.buffered())).isEqualTo("aaa");
    });
  }

  // CPython: test_streams.py StreamTests.test_readexactly_zero_or_less
  @Test
  void readExactly_zeroOrNegative() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      stream.feedData(DATA);
      assertThat(stream.readExactly(0)).isEmpty();
      assertThat(stream.buffered()).isEqualTo(DATA);
      assertThatThrownBy(() -> stream.readExactly(-1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than zero");
      assertThat(stream.buffered()).isEqualTo(DATA);
    });
  }

  // CPython: test_streams.py StreamTests.test_readexactly
  @Test
  void readExactly_waitsForAllAndLeavesTheRest() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      int n = 2 * DATA.length;
      AsyncTask<byte[]> read = createTask(() -> stream.readExactly(n));
      getRunningLoop().callSoon(() -> {
        stream.feedData(DATA);
        stream.feedData(DATA);
        stream.feedData(DATA);
      });
      assertThat(s(read.await())).isEqualTo(s(DATA) + s(DATA));
      assertThat(stream.buffered()).isEqualTo(DATA);
    });
  }

  // CPython: test_streams.py StreamTests.test_readexactly_limit
  @Test
  void readExactly_isNotBoundByTheLimit() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(3);
      stream.feedData(b("chunk"));
      assertThat(s(stream.readExactly(5))).isEqualTo("chunk");
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readexactly_eof
  @Test
  void readExactly_eofFirst_incompleteWithPartialAndMessage() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      int n = 2 * DATA.length;
      AsyncTask<byte[]> read = createTask(() -> stream.readExactly(n));
      getRunningLoop().callSoon(() -> {
        stream.feedData(DATA);
        stream.feedEof();
      });
      assertThatThrownBy(read::await).isInstanceOf(CompletionException.class).cause()
          .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(e.partial()).isEqualTo(DATA);
            assertThat(e.expected()).isEqualTo(n);
            assertThat(e.getMessage()).isEqualTo("18 bytes read on a total of 36 expected bytes");
          });
      assertThat(stream.buffered()).isEmpty();
    });
  }

  // CPython: test_streams.py StreamTests.test_readexactly_exception
  @Test
  void readExactly_afterSetException_throwsIt() {
    assertThrowsOnceFailed(stream -> stream.readExactly(2), "li", "ne\n");
  }

  // CPython: test_streams.py StreamTests.test_exception
  @Test
  void exception_isNullThenTheOneSet() {
    StreamReader stream = new StreamReader();
    assertThat(stream.exception()).isNull();
    IOException error = new IOException();
    stream.setException(error);
    assertThat(stream.exception()).isSameAs(error);
  }

  // CPython: test_streams.py StreamTests.test_exception_waiter
  @Test
  void setException_wakesTheWaitingReadWithIt() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      IOException error = new IOException("lost");
      AsyncTask<byte[]> reading = createTask(stream::readLine);
      AsyncTask<Void> failing = createTask(() -> stream.setException(error));
      dev.concurrency.async.AsyncIO.gather(List.of(reading, failing), /* returnExceptions= */ true).await();
      // a task's checked exception reaches its awaiter inside a CompletionException (a module-wide difference)
      assertThatThrownBy(reading::result).isInstanceOf(CompletionException.class).cause().isSameAs(error);
    });
  }

  // CPython: test_streams.py StreamTests.test_exception_cancel
  @Test
  void setException_afterTheWaitingReadWasCancelled_isHarmless() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> t = createTask(stream::readLine);
      sleep(Duration.ZERO);
      t.cancel();
      sleep(Duration.ZERO);
      stream.setException(new IOException("message"));
      sleep(Duration.ZERO);
      assertThat(t.cancelled()).isTrue();
      assertThat(stream.toString()).doesNotContain("waiter");
    });
  }

  // CPython: test_streams.py StreamTests.test___repr__
  @Test
  void toString_empty() {
    assertThat(new StreamReader()).hasToString("<StreamReader>");
  }

  // CPython: test_streams.py StreamTests.test___repr__nondefault_limit
  @Test
  void toString_nonDefaultLimit() {
    assertThat(new StreamReader(123)).hasToString("<StreamReader limit=123>");
  }

  // CPython: test_streams.py StreamTests.test___repr__eof
  @Test
  void toString_eof() {
    StreamReader stream = new StreamReader();
    stream.feedEof();
    assertThat(stream).hasToString("<StreamReader eof>");
  }

  // CPython: test_streams.py StreamTests.test___repr__data
  @Test
  void toString_data() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("data"));
    assertThat(stream).hasToString("<StreamReader 4 bytes>");
  }

  // CPython: test_streams.py StreamTests.test___repr__exception
  @Test
  void toString_exception() {
    StreamReader stream = new StreamReader();
    stream.setException(new IOException("boom"));
    assertThat(stream).hasToString("<StreamReader exception=java.io.IOException: boom>");
  }

  // CPython: test_streams.py StreamTests.test___repr__waiter
  @Test
  void toString_waiter_whileATaskWaits() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> read = createTask(() -> stream.read(1));
      sleep(Duration.ZERO);
      assertThat(stream.toString()).matches("<StreamReader waiter=AsyncFuture\\[pending\\]>");
      stream.feedData(b("x"));
      read.await();
      assertThat(stream).hasToString("<StreamReader>");
    });
  }

  // CPython: test_streams.py StreamTests.test___repr__transport
  @Test
  void toString_transport() {
    StreamReader stream = new StreamReader();
    stream.attach(new StubTransport());
    assertThat(stream).hasToString("<StreamReader transport=<Transport>>");
  }

  // CPython: test_streams.py StreamTests.test_IncompleteReadError_pickleable
  @Test
  void incompleteReadException_survivesSerialization() throws Exception {
    IncompleteReadException e = new IncompleteReadException(b("abc"), 10);
    IncompleteReadException back = roundTrip(e);
    assertThat(back).hasMessage(e.getMessage());
    assertThat(back.partial()).isEqualTo(e.partial());
    assertThat(back.expected()).isEqualTo(10);
  }

  // CPython: test_streams.py StreamTests.test_LimitOverrunError_pickleable
  @Test
  void limitOverrunException_survivesSerialization() throws Exception {
    LimitOverrunException e = new LimitOverrunException("message", 10);
    LimitOverrunException back = roundTrip(e);
    assertThat(back).hasMessage("message");
    assertThat(back.consumed()).isEqualTo(10);
  }

  // Flow control with a transport: reading pauses above twice the limit and resumes at the limit.
  @Test
  void feedData_pausesTheTransportAboveTwiceTheLimit_readResumesIt() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader(4);
      StubTransport transport = new StubTransport();
      List<String> calls = transport.calls;
      stream.attach(transport);
      stream.feedData(b("12345678"));
      assertThat(calls).isEmpty();
      stream.feedData(b("9"));
      assertThat(calls).containsExactly("pause");
      stream.read(4);
      assertThat(calls).containsExactly("pause");
      stream.read(1);
      assertThat(calls).containsExactly("pause", "resume");
      assertThat(stream.toString()).doesNotContain("paused");
    });
  }

  @Test
  void feedData_afterEof_isAnError() {
    StreamReader stream = new StreamReader();
    stream.feedEof();
    assertThatThrownBy(() -> stream.feedData(b("late"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after feedEof");
  }

  @Test
  void read_secondWaiter_isRejected() {
    run(virtualTime(), () -> {
      StreamReader stream = new StreamReader();
      AsyncTask<byte[]> first = createTask(() -> stream.read(5));
      sleep(Duration.ZERO);
      assertThatThrownBy(() -> stream.read(5)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already waiting");
      first.cancel();
      assertThatThrownBy(first::await).isInstanceOf(CancelledError.class);
      stream.feedData(b("hello"));
      assertThat(s(stream.read(5))).isEqualTo("hello"); // the cancelled read consumed nothing
    });
  }

  /** A transport that records the reader's calls, as CPython's tests use a mock. */
  private static final class StubTransport implements ReadTransport {
    final List<String> calls = new java.util.ArrayList<>();

    @Override
    public void pauseReading() {
      calls.add("pause");
    }

    @Override
    public void resumeReading() {
      calls.add("resume");
    }

    @Override
    public boolean isReading() {
      return calls.isEmpty() || calls.get(calls.size() - 1).equals("resume");
    }

    @Override
    public String toString() {
      return "<Transport>";
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
