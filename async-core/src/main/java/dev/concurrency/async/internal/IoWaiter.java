package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The loop's default {@link Waiter}: it parks the thread holding the baton until a stream asks for the
 * loop's {@link Selector}; from then on the loop's idle wait is {@code Selector.select(timeout)}, every tick also
 * polls the selector without blocking (asyncio's {@code select(0)} per iteration), and the ready keys are handed
 * to the loop as one callback per poll. The loop itself selects: no I/O thread.
 *
 * <p>Readiness is one-shot: a ready key's interest in the ready operations is cleared when it is dispatched, and
 * the {@link Handler} re-arms it ({@code interestOpsOr}) when it wants more. Because only the loop selects and
 * only the loop changes interest, a change always takes effect at the next poll, and no {@code
 * Selector.wakeup()} is needed for it.
 *
 * <p>No lost wakeup, in both modes: {@link #await} publishes that it is about to wait ({@code sleeper} or
 * {@code selecting}), then reads {@code pending}; {@link #wakeup()} writes {@code pending}, then reads what the
 * waiter published. All are volatile, so at least one side sees the other's write. {@code pending} is shared by
 * both modes, so a wakeup that raced with the switch from parking to selecting is not lost either.
 *
 * <p>It also keeps what must not outlive the loop ({@link #closeWithLoop}: subprocesses still running, their pipe
 * threads), and closes it in {@link #close()}, which the loop calls when it closes, before the channels and the
 * selector.
 *
 * <p>Thread-safety: {@link #wakeup()}, {@link #closeWithLoop} and {@link #forget} from any thread; everything else
 * from the thread holding the loop's baton.
 */
public final class IoWaiter implements Waiter {

  /** What a registered channel's key carries: the loop calls it with the ready operations. */
  public interface Handler {
    /** Runs on the loop with the operations that became ready; re-arm interest to hear of them again. */
    void onReady(int readyOps);
  }

  /**
   * Owner to waiter. Weak both ways: the loop holds its waiter strongly (and the waiter its loop, through {@code
   * dispatch}), so a loop that is dropped without being closed is still collected.
   */
  private static final System.Logger LOG = System.getLogger(IoWaiter.class.getName());

  private static final Map<Object, WeakReference<IoWaiter>> BY_OWNER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Consumer<Runnable> dispatch;
  /** What must not outlive the loop (running subprocesses, pipe threads): closed with it. */
  private final Set<AutoCloseable> closeWithLoop = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile @Nullable Thread sleeper;
  private volatile boolean pending;
  private volatile boolean selecting;
  private volatile @Nullable Selector selector;

  private IoWaiter(Consumer<Runnable> dispatch) {
    this.dispatch = dispatch;
  }

  /**
   * A waiter for {@code owner} (an event loop), found again with {@link #of}. {@code dispatch} schedules a
   * callback on the loop ({@code callSoon}); it is called only from the loop's own wait and poll.
   */
  public static IoWaiter attach(Object owner, Consumer<Runnable> dispatch) {
    IoWaiter w = new IoWaiter(requireNonNull(dispatch, "dispatch"));
    BY_OWNER.put(requireNonNull(owner, "owner"), new WeakReference<>(w));
    return w;
  }

  /** The waiter attached to {@code owner}, or {@code null} if its loop was built with another waiter. */
  public static @Nullable IoWaiter of(Object owner) {
    WeakReference<IoWaiter> ref = BY_OWNER.get(owner);
    return ref == null ? null : ref.get();
  }

  /** The loop's selector, opened on first use (which switches the idle wait to selecting). Loop-confined. */
  public Selector selector() {
    Selector s = selector;
    if (s == null) {
      try {
        s = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open an NIO selector for the event loop", e);
      }
      selector = s;
    }
    return s;
  }

  /**
   * Has {@code resource} closed when the loop closes, unless {@link #forget forgotten} first: for what the loop
   * started and must not leave behind, such as a subprocess still running. Thread-safe.
   */
  public void closeWithLoop(AutoCloseable resource) {
    closeWithLoop.add(requireNonNull(resource, "resource"));
  }

  /** Undoes {@link #closeWithLoop}: the resource ended on its own. Thread-safe. */
  public void forget(AutoCloseable resource) {
    closeWithLoop.remove(resource);
  }

  @Override
  public void await(long timeoutNanos) {
    Selector s = selector;
    if (s == null) {
      park(timeoutNanos);
      return;
    }
    selecting = true;
    try {
      if (pending || timeoutNanos == 0) {
        s.selectNow();
      } else if (timeoutNanos < 0) {
        s.select();
      } else {
        s.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000)); // select(0) would wait forever
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the event loop's selector failed", e);
    } finally {
      selecting = false;
      pending = false;
    }
    dispatchSelected(s);
  }

  /** Polls the selector without blocking, if one is in use: called every tick that does not wait. */
  @Override
  public void poll() {
    Selector s = selector;
    if (s != null && !s.keys().isEmpty()) {
      try {
        s.selectNow();
      } catch (IOException e) {
        throw new UncheckedIOException("the event loop's selector failed", e);
      }
      dispatchSelected(s);
    }
  }

  @Override
  public void wakeup() {
    pending = true;
    Selector s = selector;
    if (s != null && selecting) {
      s.wakeup();
    }
    Thread t = sleeper;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Closes what was registered with {@link #closeWithLoop}, every channel still registered, and the selector;
   * called when the loop closes.
   */
  @Override
  public void close() {
    synchronized (BY_OWNER) { // iterating a synchronized map's view needs its lock
      BY_OWNER.values().removeIf(ref -> ref.get() == this);
    }
    List<AutoCloseable> resources;
    synchronized (closeWithLoop) {
      resources = new ArrayList<>(closeWithLoop);
      closeWithLoop.clear();
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.ERROR, "closing " + r + " with the event loop failed", e);
      }
    }
    Selector s = selector;
    if (s == null) {
      return;
    }
    for (SelectionKey key : s.keys()) {
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // the loop is closing: nobody is left to receive the error
      }
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // as above
    }
  }

  private void park(long timeoutNanos) {
    sleeper = Thread.currentThread();
    try {
      if (!pending) {
        if (timeoutNanos < 0) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, timeoutNanos);
        }
      }
    } finally {
      sleeper = null;
      pending = false;
    }
  }

  private void dispatchSelected(Selector s) {
    if (s.selectedKeys().isEmpty()) {
      return;
    }
    List<SelectionKey> keys = new ArrayList<>(s.selectedKeys().size());
    List<Integer> ops = new ArrayList<>(keys.size());
    for (Iterator<SelectionKey> it = s.selectedKeys().iterator(); it.hasNext(); ) {
      SelectionKey key = it.next();
      it.remove();
      if (key.isValid()) {
        int ready = key.readyOps();
        key.interestOpsAnd(~ready); // one readiness per arming: the handler re-arms when it wants more
        keys.add(key);
        ops.add(ready);
      }
    }
    dispatch.accept(
        () -> {
          for (int i = 0; i < keys.size(); i++) {
            SelectionKey key = keys.get(i);
            if (key.isValid()) {
              ((Handler) key.attachment()).onReady(ops.get(i));
            }
          }
        });
  }
}
