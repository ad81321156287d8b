package dev.concurrency.benchmarks.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.concurrency.benchmarks.workload.Workload.check;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The client side of {@code E8_echo}, the same for every system: {@code clients} connections to an echo server
 * on loopback, each sending a message of {@code size} bytes and waiting until all of it came back before it
 * sends the next, {@code warmup} round trips untimed and then {@code rounds} timed ones. Every byte that comes
 * back is compared with what was sent (each message has its own content, so a reply sent to the wrong client
 * or a stale one fails the check).
 *
 * <p>Why one generator for everyone: the server is what E8 compares, so every system's server faces exactly the
 * same client, in a process of its own (started by the server's workload, as {@link EchoDriver#command} builds
 * it), and none is measured together with its own client. The generator is one thread on one {@link Selector}
 * with no allocation per round trip, cheap enough to keep the fastest server busy on the second core.
 *
 * <p>Phases: all clients connect; each does its warm-up round trips (this process's JIT and the server's warm
 * up alike) and then waits; when the last client has warmed up, the clock starts and every client does its
 * timed round trips. The figure is {@code clients * rounds} over the time from that start to the last reply.
 *
 * <p>Not thread-safe: {@link #run} drives every connection on the calling thread and closes them before it
 * returns.
 */
public final class EchoLoad {

  /** How long the server may go without answering any client before the run is called hung. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /**
   * The sizes of one E8 run.
   *
   * @param clients concurrent connections
   * @param rounds timed round trips per connection
   * @param warmup untimed round trips per connection, before the timed ones
   * @param size bytes per message
   */
  public record Sizes(int clients, int rounds, int warmup, int size) {
    /** Checks the sizes. */
    public Sizes {
      checkArgument(clients > 0 && rounds > 0 && warmup >= 0 && size > 0,
          "E8 needs clients > 0, rounds > 0, warmup >= 0 and size > 0; got %s clients, %s rounds, %s warm-up, "
              + "%s bytes", clients, rounds, warmup, size);
    }

    /** The sizes of the benchmarks issue: 100 clients, 100-byte messages; fewer and shorter when quick. */
    public static Sizes of(Scale scale) {
      return scale == Scale.FULL ? new Sizes(100, 500, 200, 100) : new Sizes(10, 50, 20, 100);
    }

    /** Every byte the server must echo in one run, warm-up included. */
    public long totalBytes() {
      return (long) clients * (rounds + warmup) * size;
    }
  }

  /**
   * What one run measured.
   *
   * @param requestsPerSecond timed round trips per second, all clients together
   * @param requests timed round trips
   * @param bytesVerified bytes that came back and matched, warm-up included
   */
  public record Result(double requestsPerSecond, long requests, long bytesVerified) {
    /** The lines this generator prints, one {@code name<TAB>value} per field, as {@link EchoDriver} reads them. */
    public List<String> lines() {
      return List.of(
          String.format(Locale.ROOT, "requests_per_s\t%.1f", requestsPerSecond),
          "requests\t" + requests,
          "bytes_verified\t" + bytesVerified);
    }
  }

  private final Sizes sizes;
  private int warmedUp;
  private int finished;
  private long bytesVerified;
  private long timedStart;

  private EchoLoad(Sizes sizes) {
    this.sizes = requireNonNull(sizes, "sizes");
  }

  /**
   * Runs the clients against the echo server at {@code server} and returns what they measured.
   *
   * @throws IllegalStateException if a byte came back wrong, a connection closed early, or the server stopped
   *     answering for {@link #PATIENCE}
   * @throws IOException if a connection fails
   */
  public static Result run(InetSocketAddress server, Sizes sizes) throws IOException {
    return new EchoLoad(sizes).drive(server);
  }

  /**
   * The generator's own process: {@code EchoLoad PORT CLIENTS ROUNDS WARMUP SIZE} drives the server on
   * 127.0.0.1:PORT and prints {@link Result#lines()} on standard output. Exits 1 with the reason on standard
   * error when the check fails, 2 for a wrong command line; exits as soon as its standard input closes, so it
   * never outlives the server's process.
   */
  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: EchoLoad PORT CLIENTS ROUNDS WARMUP SIZE");
      System.exit(2);
    }
    Thread.ofPlatform().daemon().name("parent-watch").start(EchoLoad::exitWhenParentGoes);
    try {
      int[] n = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
      Result result = run(new InetSocketAddress("127.0.0.1", n[0]), new Sizes(n[1], n[2], n[3], n[4]));
      result.lines().forEach(System.out::println);
      System.out.flush();
      System.exit(0);
    } catch (IOException | RuntimeException e) {
      System.err.println("E8 echo client: " + e);
      System.exit(1);
    }
  }

  private static void exitWhenParentGoes() {
    try {
      while (System.in.read() >= 0) {
        // the parent writes nothing; end of input means it is gone
      }
    } catch (IOException ignored) {
      // a broken pipe means the same as end of input
    }
    System.err.println("E8 echo client: the server's process went away; stopping");
    System.exit(1);
  }

  private Result drive(InetSocketAddress server) throws IOException {
    List<Client> clients = new ArrayList<>(sizes.clients());
    try (Selector selector = Selector.open()) {
      try {
        for (int id = 0; id < sizes.clients(); id++) {
          SocketChannel channel = SocketChannel.open(server);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          channel.configureBlocking(false);
          Client client = new Client(id, channel);
          clients.add(client);
          channel.register(selector, SelectionKey.OP_READ, client);
        }
        if (sizes.warmup() == 0) {
          startTimedPhase(clients);
        } else {
          for (Client client : clients) {
            client.send();
          }
        }
        loop(selector, clients);
      } finally {
        for (Client client : clients) {
          client.channel.close();
        }
      }
    }
    long nanos = Math.max(1, System.nanoTime() - timedStart);
    long requests = (long) sizes.clients() * sizes.rounds();
    check(bytesVerified == sizes.totalBytes(),
        "E8: " + bytesVerified + " bytes came back of " + sizes.totalBytes());
    return new Result(requests * 1e9 / nanos, requests, bytesVerified);
  }

  private void loop(Selector selector, List<Client> clients) throws IOException {
    while (finished < sizes.clients()) {
      if (selector.select(PATIENCE.toMillis()) == 0) {
        check(false, "E8: the server answered nothing for " + PATIENCE.toSeconds() + " s (" + finished + " of "
            + sizes.clients() + " clients done)");
      }
      for (SelectionKey key : selector.selectedKeys()) {
        if (((Client) key.attachment()).receive()) {
          afterRoundTrip((Client) key.attachment(), clients);
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void afterRoundTrip(Client client, List<Client> clients) throws IOException {
    client.round++;
    if (client.round == sizes.warmup() + sizes.rounds()) {
      finished++;
    } else if (client.round == sizes.warmup()) {
      if (++warmedUp == sizes.clients()) {
        startTimedPhase(clients);
      }
    } else {
      client.send();
    }
  }

  private void startTimedPhase(List<Client> clients) throws IOException {
    timedStart = System.nanoTime();
    for (Client client : clients) {
      client.send();
    }
  }

  /** One connection: the message in flight and how much of its echo has come back. */
  private final class Client {
    final int id;
    final SocketChannel channel;
    final ByteBuffer out;
    final ByteBuffer in;
    int round;

    Client(int id, SocketChannel channel) {
      this.id = id;
      this.channel = channel;
      this.out = ByteBuffer.allocate(sizes.size());
      this.in = ByteBuffer.allocate(sizes.size());
    }

    /** Fills the message for this round (its own bytes, unlike any other client's or round's) and sends it. */
    void send() throws IOException {
      byte[] message = out.array();
      for (int i = 0; i < message.length; i++) {
        message[i] = (byte) (id * 31 + round * 7 + i);
      }
      out.clear();
      while (out.hasRemaining()) { // 100 bytes into an empty socket buffer: one write, in practice
        channel.write(out);
      }
      in.clear();
    }

    /** Reads what arrived; true once the whole echo is in and matches the message. */
    boolean receive() throws IOException {
      int n = channel.read(in);
      check(n >= 0, "E8: the server closed client " + id + "'s connection in round " + round);
      if (in.hasRemaining()) {
        return false;
      }
      int wrong = Arrays.mismatch(in.array(), out.array());
      check(wrong < 0, "E8: client " + id + ", round " + round + ": byte " + wrong + " came back wrong");
      bytesVerified += in.capacity();
      return true;
    }
  }
}
