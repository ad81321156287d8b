package dev.concurrency.async.streams;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The writing end of a pipe (a subprocess's stdin, or any blocking {@link OutputStream}) behind a {@link
 * StreamWriter}. Package-private.
 *
 * <p>Design: as for {@link PipeReadTransport}, one daemon platform thread does the blocking writes. {@link
 * #write} hands a copy of the bytes to it through a queue and counts them as buffered until the thread reports
 * them written, so {@link WriteFlow} pauses a writer that outruns the reading process, exactly as with a socket.
 * {@link #close()} queues an end marker: the thread sends what is queued, closes the stream (the process reads
 * EOF) and reports the pipe closed. A failed write (the process exited: "Broken pipe") is reported as the pipe
 * lost with that error, which the next {@code drain()} throws.
 *
 * <p>Thread-safety: the queue is the only state shared with the writing thread; the rest is loop-confined.
 */
final class PipeWriteTransport implements WriteTransport {

  /** The end marker: after it the thread closes the stream. Compared by identity. */
  private static final byte[] END = new byte[0];

  private final EventLoop loop;
  private final OutputStream pipe;
  private final String name;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private final WriteFlow flow;
  private final AsyncFuture<@Nullable Void> closed;
  private final Consumer<@Nullable IOException> onLost;
  private long bufferSize;
  private boolean closing;
  private int connLost;

  private PipeWriteTransport(EventLoop loop, OutputStream pipe, String name, Consumer<@Nullable IOException> onLost) {
    this.loop = loop;
    this.pipe = pipe;
    this.name = name;
    this.onLost = onLost;
    this.closed = loop.createFuture();
    this.flow = new WriteFlow(loop, () -> new IOException("Connection lost: " + name + " is closed"));
  }

  /** Starts the writing thread for {@code pipe}; {@code onLost} runs on the loop once the pipe is closed or lost. */
  static PipeWriteTransport start(EventLoop loop, OutputStream pipe, String name,
      Consumer<@Nullable IOException> onLost) {
    PipeWriteTransport t = new PipeWriteTransport(loop, pipe, name, onLost);
    Thread.ofPlatform().name(name).daemon().start(t::writeUntilEnd);
    return t;
  }

  // ---------------------------------------------------------------- the writing thread

  private void writeUntilEnd() {
    try (OutputStream out = pipe) {
      for (byte[] data = queue.take(); data != END; data = queue.take()) {
        out.write(data);
        out.flush();
        int n = data.length;
        if (!post(() -> sent(n))) {
          return;
        }
      }
    } catch (IOException e) {
      post(() -> connectionLost(new IOException("Broken pipe: writing to " + name + " failed ("
          + e.getMessage() + "); has the process exited or closed its input?", e)));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    post(() -> connectionLost(null));
  }

  private boolean post(Runnable r) {
    return Io.postThreadsafe(loop, r);
  }

  // ---------------------------------------------------------------- the loop

  @Override
  public void write(byte[] data) {
    if (data.length == 0) {
      return;
    }
    if (connLost > 0 || closing) {
      connLost++; // asyncio ignores writes to a closing or lost pipe
      return;
    }
    queue.add(data.clone());
    bufferSize += data.length;
    flow.afterBuffered(bufferSize);
  }

  private void sent(int n) {
    bufferSize -= n;
    flow.afterSent(bufferSize);
  }

  /** For a pipe, the same as {@link #close()}: the process reads EOF once the queued bytes are written. */
  @Override
  public void writeEof() {
    if (closing) {
      return;
    }
    closing = true;
    queue.add(END);
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void close() {
    writeEof();
  }

  /** Drops what is queued and reports the pipe lost in the next tick; the thread closes the stream when it can. */
  @Override
  public void abort() {
    forceClose(null);
  }

  /** Loses the pipe with {@code error}: the reading process is gone (asyncio's "pipe closed by peer"). */
  void lose(IOException error) {
    forceClose(error);
  }

  private void forceClose(@Nullable IOException error) {
    queue.clear();
    queue.add(END); // whatever happened before, the thread must end
    if (connLost > 0) {
      return;
    }
    closing = true;
    connLost++;
    bufferSize = 0;
    loop.callSoon(() -> connectionLost(error));
  }

  /** Ends the writing thread from any thread (the loop is closing): it closes the stream after its current write. */
  void shutdownThread() {
    queue.clear();
    queue.add(END);
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public long writeBufferSize() {
    return bufferSize;
  }

  @Override
  public WriteFlow flow() {
    return flow;
  }

  @Override
  public AsyncFuture<@Nullable Void> closedFuture() {
    return closed;
  }

  private void connectionLost(@Nullable IOException error) {
    if (closed.done()) {
      return;
    }
    connLost = Math.max(connLost, 1);
    closing = true;
    if (error != null) {
      queue.clear();
      bufferSize = 0;
    }
    queue.add(END); // an extra end marker is harmless: the thread stops at the first
    flow.connectionLost(error);
    Io.completeClosed(closed, error);
    onLost.accept(error);
  }

  @Override
  public String toString() {
    return "PipeWriteTransport[" + name + (closing ? ", closing" : "") + ", buffered=" + bufferSize + "]";
  }
}
