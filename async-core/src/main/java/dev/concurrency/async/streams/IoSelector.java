package dev.concurrency.async.streams;

import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The streams' view of the loop's NIO selector: register channels, arm and disarm interest, and one read buffer.
 *
 * <p>The loop itself selects (see {@link IoWaiter}): its idle wait is {@code Selector.select(timeout)}, every
 * tick polls without blocking, and ready keys come back as one loop callback per poll that calls each key's
 * {@link IoWaiter.Handler}. Readiness is one-shot (the waiter clears the ready interest); handlers re-arm with
 * {@link #arm}. Everything here runs on the loop, so no call needs {@code Selector.wakeup()}.
 *
 * <p>Loop-confined.
 */
final class IoSelector {

  /** The per-loop instances; an entry goes when its loop is collected (the selector closes with the loop). */
  private static final Map<EventLoop, IoSelector> BY_LOOP = new WeakHashMap<>();

  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  private IoSelector(Selector selector) {
    this.selector = selector;
  }

  /**
   * The selector of {@code loop}, which starts selecting from now on.
   *
   * @throws IllegalStateException if the loop was built with a waiter that does not serve I/O
   */
  static IoSelector of(EventLoop loop) {
    synchronized (BY_LOOP) {
      IoSelector s = BY_LOOP.get(loop);
      if (s == null) {
        IoWaiter waiter = IoWaiter.of(loop);
        if (waiter == null) {
          throw new IllegalStateException("this event loop was built with a custom waiter that does not serve I/O");
        }
        s = new IoSelector(waiter.selector());
        BY_LOOP.put(loop, s);
      }
      return s;
    }
  }

  /** Registers {@code channel} (made non-blocking) with {@code ops} armed; the handler is the key's attachment. */
  SelectionKey register(SelectableChannel channel, int ops, IoWaiter.Handler handler) throws IOException {
    channel.configureBlocking(false);
    return channel.register(selector, ops, handler);
  }

  /** Arms {@code ops} on {@code key} again after the loop has consumed a readiness. */
  void arm(SelectionKey key, int ops) {
    if (key.isValid()) {
      key.interestOpsOr(ops);
    }
  }

  /** Disarms {@code ops} (for example reading paused by flow control). */
  void disarm(SelectionKey key, int ops) {
    if (key.isValid()) {
      key.interestOpsAnd(~ops);
    }
  }

  /** A read buffer shared by the channels of this loop; only the loop uses it, one callback at a time. */
  ByteBuffer readBuffer() {
    return readBuffer.clear();
  }
}
