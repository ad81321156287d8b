package dev.concurrency.async.streams;

import dev.concurrency.async.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The NIO selector of one event loop, polled by a companion platform thread that hands readiness to the loop.
 *
 * <p>Why a companion thread: the loop's baton moves between task threads and the loop only waits when nothing
 * is ready, so polling the selector inside the tick would need a change in the tick itself (the core's {@code
 * Waiter} seam is where that goes). The companion thread keeps the streams independent of the tick: it selects,
 * clears the interest of each ready key (so it does not spin while the loop has not acted yet), and posts one
 * batch of ready keys per selection through {@link EventLoop#callSoonThreadsafe}. Everything else (reads, writes,
 * accepts, re-arming interest) happens on the loop, in non-blocking mode, as in asyncio's selector loop.
 *
 * <p>Interest changes use {@link SelectionKey#interestOpsOr}/{@link SelectionKey#interestOpsAnd}, which are
 * atomic, followed by {@link Selector#wakeup()} so the selecting thread sees them. The thread ends, closing
 * every channel still registered, within a second of the loop closing.
 *
 * <p>Thread-safety: {@link #of}, {@link #register}, {@link #arm} are safe from the loop; {@link #readBuffer}
 * is loop-confined.
 */
final class IoSelector implements Runnable {

  /** What the loop calls back when a registered channel is ready. */
  interface Handler {
    /** Runs on the loop with the ready operations. */
    void onReady(int readyOps);

    /** Runs on the companion thread when the loop has closed: release the channel. */
    void abandon();
  }

  private static final Map<EventLoop, IoSelector> BY_LOOP = new WeakHashMap<>();
  private static final long IDLE_CHECK_MILLIS = 1000;

  private final EventLoop loop;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  // Loop-confined: whether the loop is running a batch of readiness callbacks, and owes the selector a wakeup.
  private boolean dispatching;
  private boolean wakeupDeferred;

  private IoSelector(EventLoop loop) throws IOException {
    this.loop = loop;
    this.selector = Selector.open();
  }

  /** The selector of {@code loop}, started on first use. */
  static IoSelector of(EventLoop loop) {
    synchronized (BY_LOOP) {
      IoSelector s = BY_LOOP.get(loop);
      if (s == null) {
        try {
          s = new IoSelector(loop);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open an NIO selector for the event loop", e);
        }
        BY_LOOP.put(loop, s);
        Thread t = new Thread(s, "asyncio-selector");
        t.setDaemon(true);
        t.start();
      }
      return s;
    }
  }

  /** Registers {@code channel} (made non-blocking) with {@code ops} armed; the handler is the key's attachment. */
  SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
    channel.configureBlocking(false);
    SelectionKey key = channel.register(selector, ops, handler);
    selector.wakeup();
    return key;
  }

  /**
   * Arms {@code ops} on {@code key} again after the loop has consumed a readiness. Inside a dispatched batch the
   * selector is woken once, at the end of the batch, instead of once per key: a wakeup is a system call.
   */
  void arm(SelectionKey key, int ops) {
    if (key.isValid() && (key.interestOps() & ops) != ops) {
      key.interestOpsOr(ops);
      if (dispatching) {
        wakeupDeferred = true;
      } else {
        selector.wakeup();
      }
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

  @Override
  public void run() {
    try {
      while (!loop.isClosed()) {
        selector.select(IDLE_CHECK_MILLIS);
        List<SelectionKey> batch = new ArrayList<>();
        List<Integer> ops = new ArrayList<>();
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          int ready = key.readyOps();
          key.interestOpsAnd(~ready); // one readiness per arming: the loop re-arms when it wants more
          batch.add(key);
          ops.add(ready);
        }
        if (!batch.isEmpty() && !post(batch, ops)) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      System.getLogger(IoSelector.class.getName())
          .log(System.Logger.Level.ERROR, "the event loop's selector thread failed; its channels are closed", e);
    } finally {
      shutdown();
    }
  }

  private boolean post(List<SelectionKey> batch, List<Integer> ops) {
    try {
      loop.callSoonThreadsafe(
          () -> {
            dispatching = true;
            try {
              for (int i = 0; i < batch.size(); i++) {
                SelectionKey key = batch.get(i);
                if (key.isValid()) {
                  ((Handler) key.attachment()).onReady(ops.get(i));
                }
              }
            } finally {
              dispatching = false;
              if (wakeupDeferred) {
                wakeupDeferred = false;
                selector.wakeup();
              }
            }
          });
      return true;
    } catch (IllegalStateException closed) {
      return false; // the loop closed while we selected
    }
  }

  private void shutdown() {
    synchronized (BY_LOOP) {
      BY_LOOP.remove(loop);
    }
    for (SelectionKey key : selector.keys()) {
      ((Handler) key.attachment()).abandon();
    }
    try {
      selector.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
