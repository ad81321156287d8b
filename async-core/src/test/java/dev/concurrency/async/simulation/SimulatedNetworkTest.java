package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.streams.Connection;
import dev.concurrency.async.streams.StreamReader;
import dev.concurrency.async.streams.StreamWriter;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link SimulatedNetwork}: ordinary streams over seeded, in-order, per-connection latency. */
@Timeout(60)
final class SimulatedNetworkTest {

  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofMillis(20);

  private static SimulationConfig latency() {
    return SimulationConfig.defaults().withNetworkLatency(MIN, MAX);
  }

  private static byte[] line(String s) {
    return (s + "\n").getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  /** A server that echoes each line back until end of stream. */
  private static void echo(StreamReader reader, StreamWriter writer) throws IOException {
    byte[] l;
    while ((l = reader.readLine()).length > 0) {
      writer.write(l);
      writer.drain();
    }
  }

  @Test
  void echo_overManySeeds_returnsWhatWasSent_andTakesAtLeastTwoLatencies() {
    Scenario<List<String>> s = Scenario.of("echo", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      SimulatedServer server = net.startServer(SimulatedNetworkTest::echo, "echo", 7);
      EventLoop loop = getRunningLoop();
      long start = loop.time();
      Connection c = net.openConnection("echo", 7);
      long connected = loop.time();
      assertThat(connected - start).isBetween(2 * MIN.toNanos(), 2 * MAX.toNanos() + 1);
      List<String> got = new ArrayList<>();
      for (String w : List.of("alpha", "beta", "gamma")) {
        c.writer().write(line(w));
        got.add(text(c.reader().readLine()));
      }
      c.writer().close();
      c.writer().waitClosed();
      assertThat(server.accepted()).isEqualTo(1);
      server.close();
      return got;
    }).expect("every line comes back", r -> r.equals(List.of("alpha\n", "beta\n", "gamma\n"))).withConfig(latency());
    Simulation.explore(s, 100).assertPassed();
  }

  @Test
  void messagesOnOneConnection_neverOvertakeEachOther() {
    Scenario<List<String>> s = Scenario.of("burst", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      List<String> received = new ArrayList<>();
      net.startServer((reader, writer) -> {
        byte[] l;
        while ((l = reader.readLine()).length > 0) {
          received.add(text(l).strip());
        }
      }, "sink", 9);
      Connection c = net.openConnection("sink", 9);
      for (int i = 0; i < 30; i++) {
        c.writer().write(line(Integer.toString(i))); // thirty messages in one tick, thirty seeded latencies
      }
      c.writer().close();
      c.writer().waitClosed();
      while (received.size() < 30) {
        sleep(MAX);
      }
      return received;
    }).expect("the server reads 0..29 in order", r -> {
      for (int i = 0; i < 30; i++) {
        if (!r.get(i).equals(Integer.toString(i))) {
          return false;
        }
      }
      return r.size() == 30;
    }).withConfig(latency());
    Simulation.explore(s, 100).assertPassed();
  }

  /** Two clients each send one message; which reaches the server first is the seed's choice. */
  private static Scenario<String> race() {
    return Scenario.of("two clients", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      StringBuilder order = new StringBuilder();
      net.startServer((reader, writer) -> order.append(text(reader.readLine()).strip()), "db", 1);
      AsyncTask<Void> a = createTask(() -> send(net, "a"));
      AsyncTask<Void> b = createTask(() -> send(net, "b"));
      a.await();
      b.await();
      while (order.length() < 2) {
        sleep(MAX);
      }
      return order.toString();
    }).withConfig(latency());
  }

  private static void send(SimulatedNetwork net, String what) throws IOException {
    Connection c = net.openConnection("db", 1);
    c.writer().write(line(what));
    c.writer().close();
    c.writer().waitClosed();
  }

  @Test
  void messagesOfDifferentConnections_interleaveAsTheSeedSays_andASeedReplaysIts() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      SimulatedRun<String> run = Simulation.replay(race(), seed);
      assertThat(run.failed()).as(run.report()).isFalse();
      seen.add(run.result());
      SimulatedRun<String> again = Simulation.replay(race(), seed);
      assertThat(again.result()).isEqualTo(run.result());
      assertThat(again.trace().format()).isEqualTo(run.trace().format());
    }
    assertThat(seen).containsExactlyInAnyOrder("ab", "ba");
  }

  @Test
  void theTrace_showsConnectionsSendsAndDeliveries() {
    RunTrace trace = Simulation.replay(race(), 3).trace();
    assertThat(trace.events()).extracting(TraceEvent::kind)
        .contains(TraceEvent.Kind.CONNECTION, TraceEvent.Kind.SEND, TraceEvent.Kind.DELIVER);
    assertThat(trace.format()).contains("server listens on db:1").contains("connecting to db:1")
        .contains("client -> server, 2 bytes 'a\\n'").contains("established");
  }

  @Test
  void connectingWhereNobodyListens_isRefused_afterARoundTrip() {
    SimulatedRun<String> run = Simulation.replay(Scenario.of("refused", () -> {
      EventLoop loop = getRunningLoop();
      long start = loop.time();
      try {
        SimulatedNetwork.current().openConnection("nowhere", 80);
        return "connected";
      } catch (ConnectException e) {
        assertThat(loop.time() - start).isGreaterThanOrEqualTo(2 * MIN.toNanos());
        return e.getMessage();
      }
    }).withConfig(latency()), 11);
    assertThat(run.result()).contains("Connection refused").contains("nowhere:80").contains("startServer");
  }

  @Test
  void aClosedServer_refusesNewConnections_andItsPortCanBeReused() {
    SimulatedRun<String> run = Simulation.replay(Scenario.of("close", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      SimulatedServer first = net.startServer(SimulatedNetworkTest::echo, "h", 5);
      assertThatThrownBy(() -> net.startServer(SimulatedNetworkTest::echo, "h", 5))
          .isInstanceOf(BindException.class).hasMessageContaining("h:5");
      first.close();
      assertThat(first.isServing()).isFalse();
      assertThatThrownBy(() -> net.openConnection("h", 5)).isInstanceOf(ConnectException.class);
      SimulatedServer second = net.startServer(SimulatedNetworkTest::echo, "h", 5);
      SimulatedServer picked = net.startServer(SimulatedNetworkTest::echo, "h", 0);
      assertThat(picked.port()).isGreaterThanOrEqualTo(SimulatedNetwork.FIRST_EPHEMERAL_PORT);
      SimulatedServer taken = net.startServer(SimulatedNetworkTest::echo, "h", picked.port() + 1);
      assertThat(net.startServer(SimulatedNetworkTest::echo, "h", 0).port()).isEqualTo(picked.port() + 2);
      taken.close();
      assertThat(picked.address().getPort()).isEqualTo(picked.port());
      second.close();
      picked.close();
      return "ok";
    }), 2);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).isEqualTo("ok");
  }

  @Test
  void aCleanClose_deliversTheDataThenEndOfStream() {
    SimulatedRun<String> run = Simulation.replay(Scenario.of("close", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      net.startServer((reader, writer) -> {
        writer.write("bye".getBytes(UTF_8));
        writer.close();
      }, "h", 1);
      Connection c = net.openConnection("h", 1);
      String all = text(c.reader().read()); // reads to end of stream
      assertThat(c.reader().atEof()).isTrue();
      c.writer().close();
      return all;
    }).withConfig(latency()), 4);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).isEqualTo("bye");
  }

  @Test
  void anAbort_dropsWhatIsOnItsWay_andThePeerSeesAReset() {
    SimulatedRun<String> run = Simulation.replay(Scenario.of("abort", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      net.startServer((reader, writer) -> {
        writer.write("lost".getBytes(UTF_8));
        writer.abort();
      }, "h", 1);
      Connection c = net.openConnection("h", 1);
      try {
        c.reader().read();
        return "no error";
      } catch (SocketException e) {
        return e.getMessage();
      } finally {
        c.writer().close();
      }
    }).withConfig(latency()), 4);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).contains("Connection reset by peer").contains("aborted");
  }

  @Test
  void withResetChanceOne_theNetworkResetsTheConnection_andBothEndsSeeIt() {
    Scenario<String> s = Scenario.of("reset", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      List<String> serverSaw = new ArrayList<>();
      net.startServer((reader, writer) -> {
        try {
          reader.read();
        } catch (SocketException e) {
          serverSaw.add(e.getMessage());
        }
      }, "h", 1);
      Connection c;
      try {
        c = net.openConnection("h", 1);
      } catch (SocketException e) {
        return "reset while connecting";
      }
      try {
        c.reader().read(); // nobody writes: only a reset ends this
        return "eof";
      } catch (SocketException e) {
        while (serverSaw.isEmpty()) {
          sleep(MAX);
        }
        assertThat(serverSaw.get(0)).contains("reset");
        return e.getMessage();
      } finally {
        c.writer().close();
      }
    }).withConfig(latency().withResetChance(1.0)).expect("a reset", r -> r.contains("the simulated network reset"));
    Simulation.explore(s, 50).assertPassed();
  }

  @Test
  void bytesCountAsBuffered_untilTheyArrive_andDrainWaitsForThem() {
    SimulatedRun<Long> run = Simulation.replay(Scenario.of("drain", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      net.startServer((reader, writer) -> reader.read(), "h", 1);
      Connection c = net.openConnection("h", 1);
      EventLoop loop = getRunningLoop();
      c.writer().write(new byte[100_000]);
      assertThat(c.writer().writeBufferSize()).isEqualTo(100_000);
      long before = loop.time();
      c.writer().drain(); // over the 64 KiB high-water mark: waits for delivery
      assertThat(loop.time() - before).isGreaterThanOrEqualTo(MIN.toNanos());
      long left = c.writer().writeBufferSize();
      c.writer().close();
      c.writer().waitClosed();
      return left;
    }).withConfig(latency()), 8);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).isZero();
  }

  @Test
  void aHandlersException_reachesTheLoopsExceptionHandler_andFailsTheRun() {
    SimulatedRun<Void> run = Simulation.replay(Scenario.of("handler throws", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      net.startServer((reader, writer) -> {
        throw new IllegalStateException("handler bug");
      }, "h", 1);
      Connection c = net.openConnection("h", 1);
      assertThat(c.reader().read()).isEmpty(); // the handler's connection closes when it fails
      c.writer().close();
      sleep(MAX);
    }), 1);
    assertThat(run.failure()).hasValueSatisfying(f -> {
      assertThat(f.kind()).isEqualTo(RunFailure.Kind.LOOP_ERROR);
      assertThat(f.message()).contains("client_connected_cb");
    });
  }

  @Test
  void closeClients_endsEveryOpenConnectionCleanly_abortClients_resetsThem() {
    SimulatedRun<List<String>> run = Simulation.replay(Scenario.of("server closes its clients", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      SimulatedServer server = net.startServer((reader, writer) -> {
        writer.write(line("hello"));
        sleep(Duration.ofHours(1)); // holds the connection open until the server closes it
      }, "h", 1);
      List<String> seen = new ArrayList<>();
      Connection first = net.openConnection("h", 1);
      seen.add(text(first.reader().readLine()).strip());
      server.closeClients();
      seen.add(first.reader().read().length == 0 ? "end of stream" : "more data");
      Connection second = net.openConnection("h", 1);
      seen.add(text(second.reader().readLine()).strip());
      server.abortClients();
      try {
        second.reader().read();
        seen.add("no error");
      } catch (SocketException e) {
        seen.add("reset");
      }
      first.writer().close();
      second.writer().close();
      server.close();
      for (AsyncTask<?> t : AsyncIO.allTasks()) {
        if (t.getName().startsWith("handler-")) {
          t.cancel(); // the handlers' hour-long sleeps
        }
      }
      return seen;
    }).withConfig(latency()), 6);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).containsExactly("hello", "end of stream", "hello", "reset");
  }

  @Test
  void aClientCancelledWhileConnecting_leavesTheServersEndReset() {
    SimulatedRun<String> run = Simulation.replay(Scenario.of("cancelled connect", () -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      List<String> serverSaw = new ArrayList<>();
      net.startServer((reader, writer) -> {
        try {
          reader.read();
          serverSaw.add("end of stream");
        } catch (SocketException e) {
          serverSaw.add("reset");
        }
      }, "h", 1);
      AsyncTask<Connection> connecting = createTask(() -> net.openConnection("h", 1), "client");
      getRunningLoop().callLater(MIN.plus(MIN.dividedBy(2)), connecting::cancel); // after the request arrived
      while (!connecting.done()) {
        sleep(MIN.dividedBy(4));
      }
      while (serverSaw.isEmpty()) {
        sleep(MAX);
      }
      return (connecting.cancelled() ? "cancelled, " : "connected, ") + serverSaw.get(0);
    }).withConfig(SimulationConfig.defaults().withNetworkLatency(MIN, MIN)), 3);
    assertThat(run.failed()).as(run.report()).isFalse();
    assertThat(run.result()).isEqualTo("cancelled, reset");
  }

  @Test
  void current_outsideASimulatedRun_saysWhatItNeeds() {
    assertThatThrownBy(SimulatedNetwork::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Simulation.loopBuilder");
  }
}
