package dev.concurrency.processes;

import dev.concurrency.processes.internal.MessageChannel;
import dev.concurrency.processes.internal.PipeEnd;
import dev.concurrency.processes.internal.Wakeups;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Connection#waitAny}: one selector for the sockets of the connected ends, woken as well by whatever
 * else can become ready (a process's exit, a listening end's connection), and a readiness check of every object
 * after each wake-up. Nothing polls.
 *
 * <p>Stateless and thread-safe; each call has its own selector.
 */
final class Waiting {

  private Waiting() {}

  static <T extends Waitable> List<T> waitAny(Collection<? extends T> objects, long deadline)
      throws IOException, InterruptedException {
    List<T> items = List.copyOf(objects);
    for (T item : items) {
      if (item instanceof Connection connection) {
        connection.end().open(); // start the rendezvous: listening or connected, so there is something to wait on
      }
    }
    List<T> ready = ready(items);
    if (!ready.isEmpty() || deadline <= System.nanoTime()) {
      return ready;
    }
    Map<Wakeups, Boolean> watched = new IdentityHashMap<>();
    try (Selector selector = Selector.open()) {
      try {
        while (true) {
          watch(items, selector, watched);
          ready = ready(items);
          if (!ready.isEmpty()) {
            return ready;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return List.of();
          }
          if (deadline == Long.MAX_VALUE) {
            selector.select();
          } else {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
          }
          selector.selectedKeys().clear();
          if (Thread.interrupted()) {
            throw new InterruptedException("interrupted in Connection.waitAny");
          }
        }
      } finally {
        for (Wakeups wakeups : watched.keySet()) {
          wakeups.remove(selector);
        }
      }
    }
  }

  /** Registers what can wake the selector: connected sockets for reading, and the others' events. */
  private static void watch(List<? extends Waitable> items, Selector selector, Map<Wakeups, Boolean> watched)
      throws IOException {
    for (Waitable item : items) {
      switch (item) {
        case Connection connection -> {
          PipeEnd end = connection.end();
          MessageChannel channel = end.phase() == PipeEnd.Phase.CONNECTED ? end.channel(0) : null;
          if (channel != null && channel.isOpen() && channel.socket().keyFor(selector) == null) {
            channel.socket().register(selector, SelectionKey.OP_READ);
          } else if (channel == null) {
            watchOnce(end.wakeups(), selector, watched);
          }
        }
        case Sentinel sentinel -> watchOnce(sentinel.wakeups(), selector, watched);
      }
    }
  }

  private static void watchOnce(Wakeups wakeups, Selector selector, Map<Wakeups, Boolean> watched) {
    if (watched.put(wakeups, Boolean.TRUE) == null) {
      wakeups.add(selector); // the check of readiness that follows sees what happened before this
    }
  }

  private static <T extends Waitable> List<T> ready(List<T> items) throws IOException {
    List<T> ready = new ArrayList<>();
    for (T item : items) {
      boolean isReady = switch (item) {
        case Connection connection -> isReady(connection.end());
        case Sentinel sentinel -> sentinel.isReady();
      };
      if (isReady) {
        ready.add(item);
      }
    }
    return ready;
  }

  private static boolean isReady(PipeEnd end) throws IOException {
    return switch (end.phase()) {
      case PEER_CLOSED -> true;
      case CONNECTED -> {
        MessageChannel channel = end.channel(0);
        yield channel == null || channel.readyToReceive();
      }
      case CLOSED -> throw new IOException("waitAny on a closed connection");
      case NEW, LISTENING -> false;
    };
  }
}
