package dev.concurrency.processes.internal;

import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The selectors currently waiting for one event (a process's exit, a pipe end's connection), woken together
 * when it happens. A waiter adds its selector for the duration of its wait and removes it after, so a
 * long-lived event does not collect a callback per wait, as chaining a new action on a future each time would.
 *
 * <p>Thread-safe.
 */
public final class Wakeups {

  private final Set<Selector> selectors = ConcurrentHashMap.newKeySet();

  /** Wakes {@code selector} when the event happens, until {@link #remove}. */
  public void add(Selector selector) {
    selectors.add(selector);
  }

  /** Stops waking {@code selector}. */
  public void remove(Selector selector) {
    selectors.remove(selector);
  }

  /** The event happened: wakes every selector waiting for it. */
  public void wakeAll() {
    for (Selector selector : selectors) {
      selector.wakeup();
    }
  }
}
