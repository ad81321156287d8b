package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.WireSeams;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One end of a connection whose bytes travel over a {@link WireSeams.Link} (the simulation's network) instead of a
 * socket: the same reader, writer, flow control and closing rules as {@link SocketTransport}, with the link in the
 * socket's place. Loop-confined; package-private.
 *
 * <p>The write buffer is what is on its way: bytes count as buffered from {@code write} until the link delivers
 * them, so a writer that outruns the network's latency is paused by {@link WriteFlow} as a socket writer is.
 * Bytes that arrive while reading is paused wait here (a socket's receive buffer) and go to the reader when it
 * resumes. Closing follows asyncio's order: {@link #close()} stops reading and reports the connection lost in a
 * later tick, once what was written has been delivered; {@link #abort()} drops it and resets the peer.
 */
final class LinkTransport implements ReadTransport, WriteTransport, WireSeams.Endpoint {

  static {
    WireSeams.install((loop, link, limit) -> {
      StreamReader reader = new StreamReader(limit);
      LinkTransport transport = new LinkTransport(loop, link, reader);
      return new WireSeams.End(new Connection(reader, new StreamWriter(transport, reader)), transport);
    });
  }

  private final EventLoop loop;
  private final WireSeams.Link link;
  private final StreamReader reader;
  private final WriteFlow flow;
  private final AsyncFuture<@Nullable Void> closed;
  private final ArrayDeque<byte[]> held = new ArrayDeque<>(); // arrived while reading was paused
  private boolean heldEof;
  private long inFlight;
  private boolean readingPaused;
  private boolean closing;
  private boolean eof;
  private boolean lost;

  private LinkTransport(EventLoop loop, WireSeams.Link link, StreamReader reader) {
    this.loop = loop;
    this.link = link;
    this.reader = reader;
    this.closed = loop.createFuture();
    this.flow = new WriteFlow(loop, () -> new SocketException("Connection lost: the simulated connection to "
        + link.peerAddress() + " is closed; write() is ignored and drain() fails from now on"));
    reader.attach(this);
  }

  // ---------------------------------------------------------------- what the link delivers

  @Override
  public void receive(byte[] data) {
    if (lost || closing) {
      return; // asyncio's close() stops reading: what comes later is dropped
    }
    if (readingPaused) {
      held.addLast(data);
    } else {
      reader.feedData(data);
    }
  }

  @Override
  public void receiveEof() {
    if (lost || closing) {
      return;
    }
    if (readingPaused) {
      heldEof = true;
    } else {
      reader.feedEof();
    }
  }

  @Override
  public void delivered(int bytes) {
    inFlight -= bytes;
    flow.afterSent(inFlight);
    if (closing && inFlight == 0 && !lost) {
      lost = true;
      loop.callSoon(() -> connectionLost(null));
    }
  }

  @Override
  public void lost(@Nullable IOException error) {
    forceClose(error, /* resetPeer= */ false);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public void pauseReading() {
    if (isReading()) {
      readingPaused = true;
    }
  }

  @Override
  public void resumeReading() {
    if (closing || !readingPaused) {
      return;
    }
    readingPaused = false;
    while (!readingPaused && !held.isEmpty()) {
      reader.feedData(held.pollFirst()); // may pause reading again
    }
    if (!readingPaused && heldEof) {
      heldEof = false;
      reader.feedEof();
    }
  }

  @Override
  public boolean isReading() {
    return !readingPaused && !closing;
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(byte[] data) {
    if (eof) {
      throw new IllegalStateException("write() after writeEof(): the sending half is already closed");
    }
    if (data.length == 0 || lost) {
      return; // asyncio ignores writes to a lost connection
    }
    inFlight += data.length;
    link.send(Arrays.copyOf(data, data.length)); // the caller may reuse its array
    flow.afterBuffered(inFlight);
  }

  @Override
  public void writeEof() {
    if (closing || eof) {
      return;
    }
    eof = true;
    link.sendEof();
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public long writeBufferSize() {
    return inFlight;
  }

  @Override
  public WriteFlow flow() {
    return flow;
  }

  // ---------------------------------------------------------------- closing

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    held.clear();
    link.close();
    if (inFlight == 0 && !lost) {
      lost = true;
      loop.callSoon(() -> connectionLost(null));
    }
  }

  @Override
  public void abort() {
    forceClose(null, /* resetPeer= */ true);
  }

  @Override
  public AsyncFuture<@Nullable Void> closedFuture() {
    return closed;
  }

  private void forceClose(@Nullable IOException error, boolean resetPeer) {
    if (closed.done()) {
      return;
    }
    closing = true;
    held.clear();
    inFlight = 0;
    if (resetPeer) {
      link.abort();
    }
    lost = true;
    loop.callSoon(() -> connectionLost(error));
  }

  private void connectionLost(@Nullable IOException error) {
    if (closed.done()) {
      return;
    }
    if (error == null) {
      reader.feedEof();
    } else {
      reader.setException(error);
    }
    Io.completeClosed(closed, error);
    flow.connectionLost(error);
  }

  @Override
  public SocketAddress peerAddress() {
    return link.peerAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return link.localAddress();
  }

  @Override
  public String toString() {
    return "LinkTransport[" + link.peerAddress() + (closing ? ", closing" : "") + ", in flight=" + inFlight + "]";
  }
}
